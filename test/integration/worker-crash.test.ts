import { type ChildProcess } from 'node:child_process';
import { ActivationService } from '../../src/activation/activation.service';
import { Harness, newHire } from '../support/harness';
import { totpNow } from '../support/totp';
import { eventually } from '../support/wait';
import { buildService, killHard, startServiceProcess } from '../support/worker-process';

describe('a Temporal worker killed mid-flow', () => {
  let h: Harness;
  let worker: ChildProcess | undefined;
  let build: string;
  beforeAll(async () => {
    build = buildService('worker-crash');
    // The step waits for the replacement worker within the update's deadline (3 × this).
    h = await Harness.start({
      worker: false,
      configure: (c) => ({ ...c, dependencyTimeoutMs: 30_000 }),
    });
  });
  afterAll(async () => {
    if (worker) await killHard(worker);
    await h.close();
  });

  it('is replaced by a new one and the onboarding finishes, nothing sent twice', async () => {
    const env = {
      TEMPORAL_TASK_QUEUE: h.config.temporal.taskQueue,
      REDIS_PREFIX: h.config.redis.prefix,
    };
    const activation = h.get(ActivationService);
    worker = (await startServiceProcess(build, 'temporal', env)).child;

    const res = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', newHire());
    const id = res.body.onboardingId;
    const code = await eventually('the invite', () => h.latestCode(id).catch(() => undefined));
    await activation.redeemCode({ code, clientAddress: `crash-${id}` });

    await killHard(worker);
    // The employee carries on while no worker runs; the step completes once one is back.
    const credentials = activation.setCredentials(id, {
      email: 'anouk.jansen@example.nl',
      username: `crash-${id.slice(-8)}`,
      password: 'Zonnebloem-Veld-2026',
    });
    worker = (await startServiceProcess(build, 'temporal', env)).child;
    await credentials;
    const { secret } = await activation.totpEnrolment(id);
    await activation.activateTwoFactor(id, secret, totpNow(secret));

    const view = await h.hr<{ status: string }>('GET', `/api/v1/onboardings/${id}`);
    expect(view.body.status).toBe('active');
    expect((await h.mailsFor(id)).map((m) => m.data.template)).toEqual(['invite', 'activated']);
    const events = await h.eventsFor(id);
    expect(events.map((e) => e.type)).toEqual([
      'onboarding.invited',
      'onboarding.code_redeemed',
      'onboarding.credentials_set',
      'onboarding.activated',
    ]);
  });
});
