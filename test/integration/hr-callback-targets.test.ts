import { Harness, newHire } from '../support/harness';
import { HrReceiver } from '../support/hr-receiver';
import { eventually } from '../support/wait';

/**
 * A callback URL is configuration, but whoever sets it must not make the service reach inside
 * its own network (SSRF): loopback, private and link-local destinations are refused unless
 * HR_CALLBACK_ALLOW_PRIVATE says so, and a redirect is never followed.
 */
describe('HR callback destinations', () => {
  const secret = () => process.env.HR_WEBHOOK_SECRET ?? '';
  let inside: HrReceiver;
  let elsewhere: HrReceiver;
  beforeAll(async () => {
    inside = await HrReceiver.start(secret());
    elsewhere = await HrReceiver.start(secret());
  });
  afterAll(async () => {
    await inside.close();
    await elsewhere.close();
  });

  async function withCallback(callbackUrl: string, allowPrivate: boolean) {
    return Harness.start({
      queueWorkers: true,
      configure: (c) => ({
        ...c,
        hrClients: c.hrClients.map((client) => ({ ...client, callbackUrl })),
        webhooks: { ...c.webhooks, callbackAllowPrivate: allowPrivate },
        events: { ...c.events, backoffMs: 200, attempts: 2 },
      }),
    });
  }

  async function firstEventError(h: Harness): Promise<string> {
    const res = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', newHire());
    const id = res.body.onboardingId;
    return eventually('a failed delivery attempt', async () => {
      const [invited] = await h.eventsFor(id);
      return invited?.lastDeliveryError ?? undefined;
    });
  }

  it.each([
    ['a loopback address', (r: HrReceiver) => r.url, /not a public address/],
    [
      'a name that resolves to loopback',
      (r: HrReceiver) => r.url.replace('127.0.0.1', 'localhost'),
      /non-public address/,
    ],
  ])('refuses %s and sends it nothing', async (_, url, reason) => {
    const before = inside.requests;
    const h = await withCallback(url(inside), false);
    try {
      expect(await firstEventError(h)).toMatch(reason);
      expect(inside.requests).toBe(before);
    } finally {
      await h.close();
    }
  });

  it('does not follow a redirect', async () => {
    inside.redirectTo = elsewhere.url;
    const h = await withCallback(inside.url, true);
    try {
      expect(await firstEventError(h)).toBe('HTTP 307');
      expect(elsewhere.requests).toBe(0);
    } finally {
      inside.redirectTo = undefined;
      await h.close();
    }
  });
});
