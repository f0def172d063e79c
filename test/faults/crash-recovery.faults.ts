import { rmSync } from 'node:fs';
import { faultsProfile, startStack, type ServerName, type Stack } from '../../scripts/stack';
import { generateSecrets } from '../../src/config/secrets';
import { codeInInvite, Employee, type EmployeeStep } from '../support/employee';
import { HrClient } from '../support/hr-client';
import { HrReceiver } from '../support/hr-receiver';
import { freePort } from '../support/ports';
import { SmtpSink } from '../support/smtp-sink';
import { TEST_TEMPORAL_PAYLOAD_KEYS } from '../support/test-keys';
import { eventually } from '../support/wait';
import {
  buildService,
  killHard,
  type ServiceProcess,
  startServiceProcess,
} from '../support/worker-process';

type Status = EmployeeStep | 'active';
type Service = 'api' | 'temporal' | 'queue';

const NEXT: Record<EmployeeStep, Status> = {
  invited: 'code_redeemed',
  code_redeemed: 'credentials_set',
  credentials_set: 'active',
};
const EVENTS = [
  'onboarding.invited',
  'onboarding.code_redeemed',
  'onboarding.credentials_set',
  'onboarding.activated',
];

interface Hire {
  employeeId: string;
  email: string;
  onboardingId: string;
  employee: Employee;
  reached: Status;
}

const log = (line: string) => process.stderr.write(`[faults] ${line}\n`);

/**
 * Every part the service stands on is killed with SIGKILL, one at a time, while onboardings
 * are at every step, and started again. What the employees and HR see afterwards is counted
 * where it arrives: mails at a real SMTP server, events at an HR receiver.
 */
describe('crashes of every process and server', () => {
  let stack: Stack;
  let sink: SmtpSink;
  let receiver: HrReceiver;
  let hr: HrClient;
  let build: string;
  let env: NodeJS.ProcessEnv;
  let baseUrl: string;
  const services = new Map<Service, ServiceProcess>();
  const secrets = generateSecrets();

  beforeAll(async () => {
    // Its own servers on their own ports and files; state from an earlier run would be counted.
    rmSync(faultsProfile.varDir, { recursive: true, force: true });
    stack = await startStack(faultsProfile, log);
    sink = await SmtpSink.start();
    receiver = await HrReceiver.start(secrets.HR_WEBHOOK_SECRET);
    build = buildService('faults');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    env = {
      ...secrets,
      ...stack.env,
      NODE_ENV: 'test',
      TEMPORAL_PAYLOAD_KEYS: TEST_TEMPORAL_PAYLOAD_KEYS,
      PORT: String(port),
      PUBLIC_URL: baseUrl,
      SMTP_URL: sink.url,
      HR_CALLBACK_URL: receiver.url,
      HR_CALLBACK_ALLOW_PRIVATE: 'true',
      WORKER_METRICS_PORT: '0',
      TEMPORAL_SDK_METRICS_PORT: '0',
      // Retries come soon, so recovery shows within the test's deadlines.
      MAIL_BACKOFF: '1s',
      EVENT_BACKOFF: '1s',
      // Every employee here comes from one address; that is not an attack.
      CODE_ATTEMPTS_PER_ADDRESS: '10000',
      LOGIN_ATTEMPTS_PER_ADDRESS: '10000',
    };
    hr = new HrClient(baseUrl, secrets.HR_WEBHOOK_SECRET);
    for (const kind of ['api', 'temporal', 'queue'] as const) await startService(kind);
  }, 300_000);

  afterAll(async () => {
    for (const service of services.values()) await killHard(service.child);
    await receiver?.close();
    await sink?.close();
    await stack?.stop();
  });

  async function startService(kind: Service): Promise<void> {
    const service = await startServiceProcess(build, kind, env);
    services.set(kind, service);
    // Only our SIGKILL may end it; anything else is the failure this test looks for.
    service.child.once('exit', (code, signal) => {
      if (signal !== 'SIGKILL')
        log(`${kind} exited (${code ?? signal}):\n${service.lines.slice(-20).join('\n')}`);
    });
  }

  async function crashService(kind: Service): Promise<void> {
    const service = services.get(kind);
    if (service) await killHard(service.child);
    log(`${kind} process: killed`);
    await startService(kind);
    log(`${kind} process: restarted`);
  }

  async function crashServer(server: ServerName): Promise<void> {
    await stack.crash(server);
    await stack.restart(server);
  }

  let hireCount = 0;
  function newHireBody(): { employeeId: string; email: string } & Record<string, string> {
    hireCount++;
    return {
      employeeId: `F-${hireCount}`,
      email: `hire${hireCount}@example.nl`,
      firstName: 'Sanne',
      lastName: `Visser${hireCount}`,
    };
  }

  /** The HR system's side: a new hire, delivered until accepted, as Standard Webhooks asks. */
  async function hire(): Promise<Hire> {
    const body = newHireBody();
    const webhookId = `msg_${body.employeeId}`;
    const accepted = await eventually(`${body.employeeId} accepted`, async () => {
      const res = await hr.send<{ onboardingId: string }>('POST', '/api/v1/onboardings', body, {
        webhookId,
      });
      return res.status === 202 ? res.body : undefined;
    });
    return {
      ...body,
      onboardingId: accepted.onboardingId,
      employee: new Employee(
        baseUrl,
        accepted.onboardingId,
        `sanne-${body.employeeId.toLowerCase()}`,
      ),
      reached: 'invited',
    };
  }

  async function statusOf(h: Hire): Promise<Status> {
    const res = await hr.send<{ status: Status }>('GET', `/api/v1/onboardings/${h.onboardingId}`);
    if (res.status !== 200) throw new Error(`status of ${h.employeeId}: HTTP ${res.status}`);
    return res.body.status;
  }

  function invites(h: Hire) {
    return sink.to(h.email).filter((m) => /^Welkom bij /.test(m.subject ?? ''));
  }

  /**
   * One step forward, as a person would: try, and when a page fails (a crash, a restart),
   * log in again the way the flow allows and try once more, until the status moved.
   */
  async function advance(h: Hire): Promise<void> {
    if (h.reached === 'active') return;
    const from = h.reached;
    const target = NEXT[from];
    let failed = false;
    await eventually(
      `${h.employeeId} from ${from} to ${target}`,
      async () => {
        const status = await statusOf(h);
        if (status === target) return true;
        if (status !== from) throw new Error(`${h.employeeId} is ${status}, not ${from}`);
        const code = codeInInvite(invites(h).at(-1)?.text);
        if (from === 'invited' && !code) return undefined; // the invite is still on its way
        if (failed) await h.employee.resume(from, code);
        failed = !(await h.employee.take(from, code));
        if (failed) throw new Error(h.employee.lastRefusal);
        return undefined;
      },
      120_000,
    );
    h.reached = target;
  }

  it('loses no onboarding, invite or event, and sends none twice', async () => {
    const hires: Hire[] = [];
    // Before the first crash: two onboardings at each step.
    for (const steps of [0, 0, 1, 1, 2, 2, 3, 3]) {
      const h = await hire();
      hires.push(h);
      for (let i = 0; i < steps; i++) await advance(h);
    }

    const faults: [string, () => Promise<void>][] = [
      ['Temporal worker', () => crashService('temporal')],
      ['queue worker', () => crashService('queue')],
      ['API', () => crashService('api')],
      ['Temporal server', () => crashServer('temporal')],
      ['Redis', () => crashServer('redis')],
      ['database', () => crashServer('mongo')],
    ];
    for (const [name, crash] of faults) {
      log(`kill -9 ${name}, with ${hires.length} onboardings in flight`);
      const started = Date.now();
      // Webhooks just in, and every open onboarding taking its next step, as the crash comes.
      const fresh = Promise.all([hire(), hire()]).then((two) => hires.push(...two));
      const moving = Promise.all(hires.map((h) => advance(h)));
      await crash();
      await Promise.all([fresh, moving]);
      log(
        `  every onboarding took its step ${((Date.now() - started) / 1000).toFixed(1)} s after the kill`,
      );
    }
    for (const h of hires) while (h.reached !== 'active') await advance(h);

    for (const h of hires) {
      expect({ hire: h.employeeId, status: await statusOf(h) }).toEqual({
        hire: h.employeeId,
        status: 'active',
      });
    }
    // Mail arrives once: the invite and the "account active" mail, each exactly one per hire.
    // A crash between the SMTP server's acceptance and its answer makes the retry send again
    // (SMTP cannot tell); the copy carries the same Message-ID, by which mailboxes drop it.
    for (const h of hires) {
      const active = await eventually(`${h.employeeId}'s active mail`, () =>
        Promise.resolve(
          sink.to(h.email).find((m) => m.subject === 'Je account is actief') ? true : undefined,
        ),
      );
      expect(active).toBe(true);
      const mails = sink.to(h.email);
      expect(mails.every((m) => m.messageId?.includes(`.${h.onboardingId}`))).toBe(true);
      const subjects = [...new Map(mails.map((m) => [m.messageId, m.subject])).values()];
      expect({ hire: h.employeeId, subjects }).toEqual({
        hire: h.employeeId,
        subjects: [invites(h)[0]?.subject, 'Je account is actief'],
      });
    }
    // Each event reaches HR once per onboarding, in order (a redelivery after a crash carries
    // the same webhook-id, which is how HR systems drop duplicates).
    for (const h of hires) {
      const got = await eventually(`${h.employeeId}'s events`, () => {
        const ids = new Set(receiver.for(h.onboardingId).map((r) => r.webhookId));
        return Promise.resolve(
          ids.size >= EVENTS.length ? receiver.for(h.onboardingId) : undefined,
        );
      });
      const distinct = [...new Map(got.map((r) => [r.webhookId, r.type])).values()];
      expect({ hire: h.employeeId, events: distinct }).toEqual({
        hire: h.employeeId,
        events: EVENTS,
      });
      expect(got.every((r) => r.verified)).toBe(true);
    }
    const deliveries = hires.flatMap((h) => receiver.for(h.onboardingId));
    log(
      `${hires.length} onboardings active; ${sink.received.length} mails; ` +
        `${deliveries.length} event deliveries for ${new Set(deliveries.map((d) => d.webhookId)).size} events`,
    );
  }, 600_000);

  it('answers 503 with Retry-After while the database is down; the retry is taken once; pages say try again', async () => {
    const body = newHireBody();
    const webhookId = `msg_${body.employeeId}`;
    await stack.crash('mongo');
    try {
      const visitor = new Employee(baseUrl, 'onb_any', 'visitor');
      const [refused, redeemed] = await Promise.all([
        hr.send('POST', '/api/v1/onboardings', body, { webhookId }),
        visitor.redeem('X9P4 XD7S 9RTE'),
      ]);
      // The employee is told to try again soon, not that something broke.
      expect(redeemed).toBe(false);
      expect(visitor.lastRefusal).toContain('We zijn heel even niet bereikbaar');
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(refused.body).toMatchObject({ type: 'urn:problem:onboarding:unavailable' });
    } finally {
      await stack.restart('mongo');
    }

    // The HR client retries after Retry-After until it is accepted, then once more by mistake.
    const accepted = await eventually(
      'the retry accepted',
      async () => {
        const res = await hr.send<{ onboardingId: string }>('POST', '/api/v1/onboardings', body, {
          webhookId,
        });
        return res.status === 202 ? res.body.onboardingId : undefined;
      },
      60_000,
    );
    const again = await hr.send<{ onboardingId: string }>('POST', '/api/v1/onboardings', body, {
      webhookId,
    });
    expect(again.body.onboardingId).toBe(accepted);

    await eventually('the invite', () =>
      Promise.resolve(sink.to(body.email).length > 0 ? true : undefined),
    );
    const opened = await eventually('the invited event', () =>
      Promise.resolve(receiver.for(accepted).length > 0 ? receiver.for(accepted) : undefined),
    );
    expect(sink.to(body.email)).toHaveLength(1);
    expect(new Set(opened.map((r) => r.webhookId)).size).toBe(1);
  }, 180_000);
});
