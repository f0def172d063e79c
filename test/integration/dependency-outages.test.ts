import { getConnectionToken } from '@nestjs/mongoose';
import { Client } from '@temporalio/client';
import { type Connection } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { Harness, newHire } from '../support/harness';
import { Employee } from '../support/employee';
import { type Outage, TcpProxy } from '../support/tcp-proxy';
import { eventually } from '../support/wait';

type Dependency = 'database' | 'redis' | 'temporal';

/** host:port of a server URL (or a bare host:port). */
function hostPort(address: string): { host: string; port: number } {
  const url = new URL(address.includes('://') ? address : `tcp://${address}`);
  return { host: url.hostname, port: Number(url.port) };
}

function through(address: string, proxy: TcpProxy): string {
  if (!address.includes('://')) return proxy.address;
  const url = new URL(address);
  url.host = proxy.address;
  return url.toString();
}

/**
 * The API and the Temporal worker reach MongoDB, Redis and Temporal through proxies that can
 * fail the way a real outage does: the server killed, refusing connections, or hanging.
 * HR is told to come back (503 with Retry-After, as its retry policy expects), the employee
 * to try again in a minute, and HR's retry with the same webhook-id is taken exactly once.
 */
describe('while a server we depend on is down', () => {
  let h: Harness;
  let db: Connection;
  const proxies = {} as Record<Dependency, TcpProxy>;

  beforeAll(async () => {
    proxies.database = await TcpProxy.start(hostPort(process.env.MONGODB_URI ?? ''));
    proxies.redis = await TcpProxy.start(hostPort(process.env.REDIS_URL ?? ''));
    proxies.temporal = await TcpProxy.start(hostPort(process.env.TEMPORAL_ADDRESS ?? ''));
    h = await Harness.start({
      configure: (c) => ({
        ...c,
        mongo: { uri: through(c.mongo.uri, proxies.database) },
        redis: { ...c.redis, url: through(c.redis.url, proxies.redis) },
        temporal: { ...c.temporal, address: through(c.temporal.address, proxies.temporal) },
        // Short, so a hanging server costs the test seconds, not the default ten.
        dependencyTimeoutMs: 2500,
      }),
    });
    db = h.api.get<Connection>(getConnectionToken());
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    for (const proxy of Object.values(proxies)) await proxy.close();
  });

  async function hire(body = newHire(), webhookId = `msg_${randomUUID()}`) {
    return h.hr<{ onboardingId: string; type?: string }>('POST', '/api/v1/onboardings', body, {
      webhookId,
    });
  }

  const cases: [Dependency, Outage][] = (['database', 'redis', 'temporal'] as const).flatMap(
    (dependency) =>
      (['killed', 'refusing', 'hanging'] as const).map((o): [Dependency, Outage] => [
        dependency,
        o,
      ]),
  );

  it.each(cases)(
    '%s %s: HR gets 503 with Retry-After, the employee a try-again page, and the retry counts once',
    async (dependency, outage) => {
      // An onboarding waiting for its code, from before the outage.
      const earlier = await hire();
      expect(earlier.status).toBe(202);
      const earlierId = earlier.body.onboardingId;
      const code = await eventually('the invite', () =>
        h.latestCode(earlierId).catch(() => undefined),
      );
      const employee = new Employee(h.url, earlierId, `out-${earlierId.slice(-6)}`);
      const loginPage = await employee.web.get(`/login?invite=${earlierId}`);
      expect(loginPage.status).toBe(200);

      const body = newHire();
      const webhookId = `msg_${randomUUID()}`;
      await proxies[dependency].fail(outage);
      try {
        const refused = await hire(body, webhookId);
        expect({ status: refused.status, type: refused.body.type }).toEqual({
          status: 503,
          type: 'urn:problem:onboarding:unavailable',
        });
        const redeemed = await employee.redeem(code);
        expect(redeemed).toBe(false);
        expect(employee.lastRefusal).toContain('We zijn heel even niet bereikbaar');
      } finally {
        await proxies[dependency].heal();
      }

      // HR retries after Retry-After until it is taken, then once more by mistake.
      const accepted = await eventually(
        'the retry accepted',
        async () => {
          const res = await hire(body, webhookId);
          return res.status === 202 ? res.body.onboardingId : undefined;
        },
        30_000,
      );
      const again = await hire(body, webhookId);
      expect(again.body.onboardingId).toBe(accepted);

      const query = `WorkflowId = 'onboarding/default/${String(body.employeeId)}'`;
      await eventually('the run in visibility', async () =>
        (await h.get(Client).workflow.count(query)).count > 0 ? true : undefined,
      );
      await eventually('the invite', async () =>
        (await h.mailsFor(accepted)).length > 0 ? true : undefined,
      );
      const invited = await eventually('the invited event', async () =>
        (await db.collection('events').countDocuments({ onboardingId: accepted })) > 0
          ? true
          : undefined,
      );
      expect(invited).toBe(true);
      expect({
        onboardings: await db.collection('onboardings').countDocuments({
          employeeId: body.employeeId,
        }),
        runs: (await h.get(Client).workflow.count(query)).count,
        invites: (await h.mailsFor(accepted)).filter((m) => m.data.template === 'invite').length,
        receipts: await db
          .collection('webhook_receipts')
          .countDocuments({ onboardingId: accepted }),
        events: await db
          .collection('events')
          .countDocuments({ onboardingId: accepted, type: 'onboarding.invited' }),
      }).toEqual({ onboardings: 1, runs: 1, invites: 1, receipts: 1, events: 1 });

      // And the employee's code, refused during the outage, works now.
      await eventually('the code redeemed', async () =>
        (await employee.redeem(code)) ? true : undefined,
      );
    },
    90_000,
  );
});
