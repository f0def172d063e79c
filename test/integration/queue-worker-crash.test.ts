import { type ChildProcess } from 'node:child_process';
import { ActivationService } from '../../src/activation/activation.service';
import { Harness, newHire } from '../support/harness';
import { HrReceiver } from '../support/hr-receiver';
import { eventually } from '../support/wait';
import { buildService, killHard, startServiceProcess } from '../support/worker-process';

describe('a queue worker killed in the middle of a delivery', () => {
  let receiver: HrReceiver;
  let h: Harness;
  let worker: ChildProcess | undefined;
  let build: string;
  beforeAll(async () => {
    build = buildService('queue-worker-crash');
    receiver = await HrReceiver.start(process.env.HR_WEBHOOK_SECRET ?? '');
    h = await Harness.start({
      configure: (c) => ({
        ...c,
        hrClients: c.hrClients.map((client) => ({ ...client, callbackUrl: receiver.url })),
      }),
    });
  });
  afterAll(async () => {
    if (worker) await killHard(worker);
    await h.close();
    await receiver.close();
  });

  it('loses no event; a redelivery carries the same webhook-id', async () => {
    const env = {
      REDIS_PREFIX: h.config.redis.prefix,
      HR_CALLBACK_URL: receiver.url,
      EVENT_BACKOFF: '1s',
      OUTBOX_DIR: h.config.mail.outboxDir,
    };
    worker = (await startServiceProcess(build, 'queue', env)).child;
    receiver.delayMs = 3000;

    const res = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', newHire());
    const id = res.body.onboardingId;
    const code = await eventually('the invite', () => h.latestCode(id).catch(() => undefined));
    await h.get(ActivationService).redeemCode({ code, clientAddress: `qcrash-${id}` });

    await eventually('a delivery in flight', () =>
      Promise.resolve(receiver.requests > 0 ? true : undefined),
    );
    await killHard(worker);
    receiver.delayMs = 0;
    worker = (await startServiceProcess(build, 'queue', env)).child;

    const got = await eventually(
      'both events',
      () => {
        const ids = new Set(receiver.for(id).map((r) => r.webhookId));
        return Promise.resolve(ids.size >= 2 ? receiver.for(id) : undefined);
      },
      45_000,
    );
    const distinct = [...new Map(got.map((r) => [r.webhookId, r.type])).values()];
    expect(distinct).toEqual(['onboarding.invited', 'onboarding.code_redeemed']);
    expect(got.every((r) => r.verified)).toBe(true);
  });
});
