import { randomBytes } from 'node:crypto';
import { ActivationService } from '../../src/activation/activation.service';
import { AuthService } from '../../src/auth/auth.service';
import { decodeSecret } from '../../src/hr-clients/standard-webhooks';
import { Harness, newHire } from '../support/harness';
import { WebClient } from '../support/browser-less';
import { totpNow } from '../support/totp';
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

  it('resets 2FA of an active account: new code by mail, then a new 2FA with the same password', async () => {
    const activation = h.get(ActivationService);
    const auth = h.get(AuthService);
    const id = await hire();
    await activation.redeemCode({ code: await h.latestCode(id), clientAddress: `reset-${id}` });
    const username = `reset-${id.slice(-8)}`;
    await activation.setCredentials(id, {
      email: 'r@example.nl',
      username,
      password: 'Zonnebloem-Veld-2026',
    });
    const old = await activation.totpEnrolment(id);
    await activation.activateTwoFactor(id, old.secret, totpNow(old.secret));
    const firstCode = await h.latestCode(id);

    const reset = await ops<Page['items'][number]>('POST', `/onboardings/${id}/reset-2fa`, {
      actor: 'helpdesk@example.nl',
      reason: 'lost phone',
    });
    expect(reset.status).toBe(200);
    expect(reset.body.adminActions.at(-1)).toMatchObject({
      by: 'ops',
      actor: 'helpdesk@example.nl',
    });
    const status = async () =>
      (await ops<{ status: string }>('GET', `/onboardings/${id}`)).body.status;
    await eventually('the new run', async () =>
      (await status()) === 'invited' ? true : undefined,
    );
    const again = await ops<{ type: string }>('POST', `/onboardings/${id}/reset-2fa`, {
      actor: 'helpdesk@example.nl',
      reason: 'twice',
    });
    expect(again.status).toBe(409);
    const code = await eventually('a new invite', async () => {
      const latest = await h.latestCode(id);
      return latest !== firstCode ? latest : undefined;
    });
    // The old authenticator no longer works.
    await expect(auth.checkSecondFactor(id, totpNow(old.secret, 1))).rejects.toMatchObject({
      problem: 'invalid_login',
    });

    // The code and the password, in one browser session, lead to a new 2FA setup.
    const web = new WebClient(h.url);
    const login = await web.get(`/login?invite=${id}`);
    const redeemed = await web.post('/login/code', {
      code,
      invite: id,
      _csrf: WebClient.csrf(login),
    });
    expect(redeemed.location).toBe('/login/password');
    const confirm = await web.get('/login/password');
    const confirmed = await web.post('/login/password', {
      password: 'Zonnebloem-Veld-2026',
      _csrf: WebClient.csrf(confirm),
    });
    expect(confirmed.location).toBe('/account/2fa');
    expect(await status()).toBe('credentials_set');
    const fresh = await activation.totpEnrolment(id);
    expect(fresh.secret).not.toBe(old.secret);
    await activation.activateTwoFactor(id, fresh.secret, totpNow(fresh.secret));
    expect(await status()).toBe('active');
    const { account } = await auth.passwordLogin(username, 'Zonnebloem-Veld-2026', `reset3-${id}`);
    expect(account.status).toBe('active');
    const notices = (await h.mailsFor(id)).filter((m) => m.data.template === 'security_notice');
    expect(notices.map((m) => m.data.change)).toContain('two_factor');
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
