import { ActivationService } from '../../src/activation/activation.service';
import { Harness, newHire } from '../support/harness';
import { HrReceiver } from '../support/hr-receiver';
import { totpNow } from '../support/totp';
import { eventually } from '../support/wait';

const FLOW = [
  'onboarding.invited',
  'onboarding.code_redeemed',
  'onboarding.credentials_set',
  'onboarding.activated',
];

describe('HR events delivered to the client callback', () => {
  let receiver: HrReceiver;
  let h: Harness;
  beforeAll(async () => {
    receiver = await HrReceiver.start(process.env.HR_WEBHOOK_SECRET ?? '');
    h = await Harness.start({
      queueWorkers: true,
      configure: (c) => ({
        ...c,
        hrClients: c.hrClients.map((client) => ({ ...client, callbackUrl: receiver.url })),
        events: { ...c.events, backoffMs: 300 },
      }),
    });
  });
  afterAll(async () => {
    await h.close();
    await receiver.close();
  });

  async function runFlow(): Promise<string> {
    const activation = h.get(ActivationService);
    const res = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', newHire());
    const id = res.body.onboardingId;
    const code = await eventually('the invite', () => h.latestCode(id).catch(() => undefined));
    await activation.redeemCode({ code, clientAddress: `events-${id}` });
    await activation.setCredentials(id, {
      email: 'anouk@example.nl',
      username: `ev-${id.slice(-8)}`,
      password: 'Zonnebloem-Veld-2026',
    });
    const { secret } = await activation.totpEnrolment(id);
    await activation.activateTwoFactor(id, secret, totpNow(secret));
    return id;
  }

  it('signs each event (webhook-id = event id) and delivers them in order', async () => {
    const id = await runFlow();
    const got = await eventually('four deliveries', () =>
      Promise.resolve(receiver.for(id).length >= 4 ? receiver.for(id) : undefined),
    );
    expect(got.map((r) => r.type)).toEqual(FLOW);
    expect(got.every((r) => r.verified)).toBe(true);
    // The worker marks an event delivered once HR's answer is in, a moment after HR has it.
    const events = await eventually('every event marked delivered', async () => {
      const list = await h.eventsFor(id);
      return list.every((e) => e.delivery === 'delivered') ? list : undefined;
    });
    expect(got.map((r) => r.webhookId)).toEqual(events.map((e) => e._id));
  });

  it('retries after a 500 and keeps the order while it waits', async () => {
    receiver.failNext = 2;
    const id = await runFlow();
    const got = await eventually(
      'all deliveries',
      () => Promise.resolve(receiver.for(id).length >= 4 ? receiver.for(id) : undefined),
      30_000,
    );
    expect(got.map((r) => r.type)).toEqual(FLOW);
    const [invited] = await h.eventsFor(id);
    expect(invited?.deliveryAttempts).toBe(3);
    expect(invited?.lastDeliveryError).toBe('HTTP 500');
  });
});
