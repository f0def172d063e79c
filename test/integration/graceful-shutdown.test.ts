import { type Connection, createConnection } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { HrClient } from '../support/hr-client';
import { HrReceiver } from '../support/hr-receiver';
import { freePort } from '../support/ports';
import { TcpProxy } from '../support/tcp-proxy';
import { eventually, uniqueName } from '../support/wait';
import {
  buildService,
  killHard,
  type ServiceProcess,
  startServiceProcess,
  stopGracefully,
} from '../support/worker-process';

function through(uri: string, proxy: TcpProxy): string {
  const url = new URL(uri);
  url.host = proxy.address;
  return url.toString();
}

/**
 * SIGTERM, as an orchestrator sends it on every deploy, while each process has work in
 * flight: a slow request in the API, a running activity in the Temporal worker, an HR
 * delivery held open in the queue worker. Each finishes its work, once, and exits 0.
 */
describe('SIGTERM with work in flight', () => {
  const processes: ServiceProcess[] = [];
  let receiver: HrReceiver;
  let apiDb: TcpProxy;
  let workerDb: TcpProxy;
  let db: Connection;

  afterAll(async () => {
    for (const p of processes) await killHard(p.child);
    await receiver?.close();
    await apiDb?.close();
    await workerDb?.close();
    await db?.close();
  });

  it('lets each process finish what it runs, once, and exit 0', async () => {
    const build = buildService('shutdown');
    const mongo = process.env.MONGODB_URI ?? '';
    const target = { host: new URL(mongo).hostname, port: Number(new URL(mongo).port) };
    // The API and the Temporal worker reach the database through proxies of their own, which
    // can make it slow: that is how a request and an activity are caught half way.
    apiDb = await TcpProxy.start(target);
    workerDb = await TcpProxy.start(target);
    db = await createConnection(mongo).asPromise();
    receiver = await HrReceiver.start(process.env.HR_WEBHOOK_SECRET ?? '');
    const name = uniqueName('shutdown');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      PORT: String(port),
      PUBLIC_URL: base,
      TEMPORAL_TASK_QUEUE: name,
      REDIS_PREFIX: name,
      OUTBOX_DIR: `var/test/outbox/${name}`,
      HR_CALLBACK_URL: receiver.url,
    };
    const api = await startServiceProcess(build, 'api', {
      ...env,
      MONGODB_URI: through(mongo, apiDb),
    });
    const worker = await startServiceProcess(build, 'temporal', {
      ...env,
      MONGODB_URI: through(mongo, workerDb),
    });
    const queue = await startServiceProcess(build, 'queue', env);
    processes.push(api, worker, queue);
    const hr = new HrClient(base, process.env.HR_WEBHOOK_SECRET ?? '');

    const hire = async () => {
      const res = await hr.send<{ onboardingId: string }>('POST', '/api/v1/onboardings', {
        employeeId: `S-${randomUUID().slice(0, 8)}`,
        email: 'anouk.jansen@example.nl',
        firstName: 'Anouk',
        lastName: 'Jansen',
      });
      expect(res.status).toBe(202);
      return res.body.onboardingId;
    };
    const first = await hire();
    await eventually('the first event at HR', () =>
      Promise.resolve(receiver.for(first).length > 0 ? true : undefined),
    );

    // 1. The queue worker, while HR holds a delivery open.
    receiver.delayMs = 3000;
    const before = receiver.requests;
    const second = await hire();
    await eventually('a delivery held open', () =>
      Promise.resolve(receiver.requests > before ? true : undefined),
    );
    const queueEnded = await stopGracefully(queue.child);
    expect(queueEnded).toEqual({ code: 0, signal: null });
    expect(receiver.for(second).map((r) => r.type)).toEqual(['onboarding.invited']);
    const event = await db.collection('events').findOne({ onboardingId: second });
    expect(event?.delivery).toBe('delivered');
    receiver.delayMs = 0;

    // 2. The Temporal worker, while an admin action's activities run on a slow database.
    workerDb.slow(400);
    const resend = hr.send<{ adminActions: { action: string }[] }>(
      'POST',
      `/api/v1/onboardings/${first}/resend`,
      { onboardingId: first, action: 'resend', actor: 'hr.admin@example.nl', reason: 'lost mail' },
    );
    await eventually('an activity half way', () =>
      Promise.resolve(workerDb.held > 0 ? true : undefined),
    );
    const workerEnded = await stopGracefully(worker.child);
    expect(workerEnded).toEqual({ code: 0, signal: null });
    const resent = await resend;
    expect(resent.status).toBe(200);
    expect(resent.body.adminActions.map((a) => a.action)).toEqual(['resend']);
    const stored = await db.collection('onboardings').findOne({ _id: first as never });
    expect(stored?.codeVersion).toBe(2);

    // 3. The API, in the middle of a slow request.
    apiDb.slow(1500);
    const status = hr.send<{ onboardingId: string }>('GET', `/api/v1/onboardings/${first}`);
    await eventually('a request half way', () =>
      Promise.resolve(apiDb.held > 0 ? true : undefined),
    );
    const apiEnded = await stopGracefully(api.child);
    const answered = await status;
    expect(answered.status).toBe(200);
    expect(answered.body.onboardingId).toBe(first);
    expect(apiEnded).toEqual({ code: 0, signal: null });

    for (const [p, line] of [
      [api, 'api: stopped'],
      [worker, 'temporal-worker: stopped'],
      [queue, 'queue-worker: stopped'],
    ] as const) {
      expect(p.lines.some((l) => l.includes(line))).toBe(true);
    }
  }, 180_000);
});
