import { randomBytes } from 'node:crypto';
import { ActivationService } from '../../src/activation/activation.service';
import { decodeSecret } from '../../src/hr-clients/standard-webhooks';
import { Harness, newHire } from '../support/harness';
import { eventually } from '../support/wait';

const TOKEN = 'ops-token-for-the-ops-api-test';
const CLIENT_SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const CLIENT = `ops-test-${Date.now().toString(36)}`;

interface Page {
  items: { onboardingId: string; status: string; adminActions: { by: string; actor: string }[] }[];
  total: number;
  page: number;
  pageSize: number;
}

describe('the ops API', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({
      configure: (c) => ({
        ...c,
        security: { ...c.security, opsToken: TOKEN },
        hrClients: [...c.hrClients, { id: CLIENT, keys: [decodeSecret(CLIENT_SECRET)!] }],
      }),
    });
  });
  afterAll(async () => {
    await h.close();
  });

  const ops = async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${h.url}/api/v1/ops${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    });
    return { status: res.status, body: (await res.json()) as T };
  };

  async function hire(): Promise<string> {
    const res = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', newHire(), {
      secret: CLIENT_SECRET,
    });
    expect(res.status).toBe(202);
    await eventually('the invite', () =>
      h.latestCode(res.body.onboardingId).catch(() => undefined),
    );
    return res.body.onboardingId;
  }

  it('needs the ops token', async () => {
    expect((await fetch(`${h.url}/api/v1/ops/onboardings`)).status).toBe(401);
    const hr = await h.hr('GET', '/api/v1/ops/onboardings');
    expect(hr.status).toBe(401);
  });

  it('lists onboardings by client, status, step age and deadline, with paging', async () => {
    const [a, b, c] = [await hire(), await hire(), await hire()];
    const code = await h.latestCode(c);
    await h.get(ActivationService).redeemCode({ code, clientAddress: `ops-${c}` });

    const all = await ops<Page>('GET', `/onboardings?client=${CLIENT}`);
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(3);
    const invited = await ops<Page>(
      'GET',
      `/onboardings?client=${CLIENT}&status=invited&pageSize=1`,
    );
    expect(invited.body).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect([a, b]).toContain(invited.body.items[0]?.onboardingId);
    const second = await ops<Page>(
      'GET',
      `/onboardings?client=${CLIENT}&status=invited&pageSize=1&page=2`,
    );
    expect(second.body.items[0]?.onboardingId).not.toBe(invited.body.items[0]?.onboardingId);
    const redeemed = await ops<Page>('GET', `/onboardings?client=${CLIENT}&status=code_redeemed`);
    expect(redeemed.body.items.map((i) => i.onboardingId)).toEqual([c]);
    const stuck = await ops<Page>('GET', `/onboardings?client=${CLIENT}&stepOlderThan=1h`);
    expect(stuck.body.total).toBe(0);
    const soon = new Date(Date.now() + 86_400_000).toISOString();
    expect(
      (await ops<Page>('GET', `/onboardings?client=${CLIENT}&deadlineBefore=${soon}`)).body.total,
    ).toBe(0);
    const bad = await ops<{ errors: { field: string }[] }>(
      'GET',
      '/onboardings?status=lost&pageSize=0',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field).sort()).toEqual(['pageSize', 'status.0']);
  });

  it('acts on any client’s onboarding, recorded as done by ops', async () => {
    const id = await hire();
    const res = await ops<Page['items'][number]>('POST', `/onboardings/${id}/cancel`, {
      actor: 'ops.engineer@example.nl',
      reason: 'duplicate hire',
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect(res.body.adminActions).toEqual([
      expect.objectContaining({ by: 'ops', actor: 'ops.engineer@example.nl' }),
    ]);
  });
});
