import { ActivationService } from '../../src/activation/activation.service';
import { WebClient } from '../support/browser-less';
import { Harness, newHire } from '../support/harness';
import { eventually } from '../support/wait';

describe('the employee pages over HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(async () => {
    await h.close();
  });

  async function hire(extra: Record<string, unknown> = {}): Promise<{ id: string; code: string }> {
    const res = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', newHire(extra));
    const id = res.body.onboardingId;
    const code = await eventually('the invite', () => h.latestCode(id).catch(() => undefined));
    return { id, code };
  }

  it('sends security headers and a strict session cookie', async () => {
    const web = new WebClient(h.url);
    const page = await web.get('/login');
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const cookie = page.setCookies.find((c) => c.startsWith('session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const id = /^session=([^;]+)/.exec(cookie ?? '')?.[1] ?? '';
    expect(Buffer.from(id, 'base64url').length).toBeGreaterThanOrEqual(16);
  });

  it('opening the invite link consumes nothing', async () => {
    const { id, code } = await hire();
    const web = new WebClient(h.url);
    for (let i = 0; i < 3; i++) expect((await web.get(`/login?invite=${id}`)).status).toBe(200);
    const res = await h.hr<{ status: string }>('GET', `/api/v1/onboardings/${id}`);
    expect(res.body.status).toBe('invited');
    await expect(
      h.get(ActivationService).redeemCode({ code, inviteRef: id, clientAddress: `open-${id}` }),
    ).resolves.toMatchObject({ onboarding: { _id: id }, reenrolment: false });
  });

  it('refuses a form without its CSRF token', async () => {
    const { id, code } = await hire();
    const web = new WebClient(h.url);
    await web.get(`/login?invite=${id}`);
    const forged = await web.post('/login/code', { code, invite: id, _csrf: 'forged' });
    expect(forged.status).toBe(403);
    const res = await h.hr<{ status: string }>('GET', `/api/v1/onboardings/${id}`);
    expect(res.body.status).toBe('invited');
  });

  it('rotates the session id at login and rejects the old one', async () => {
    const { id, code } = await hire();
    const web = new WebClient(h.url);
    const login = await web.get(`/login?invite=${id}`);
    const before = /^session=([^;]+)/.exec(login.setCookies[0] ?? '')?.[1];
    const after = await web.post('/login/code', { code, invite: id, _csrf: WebClient.csrf(login) });
    expect(after.status).toBe(303);
    expect(after.location).toBe('/account/credentials');
    const rotated = /^session=([^;]+)/.exec(after.setCookies[0] ?? '')?.[1];
    expect(rotated).toBeDefined();
    expect(rotated).not.toBe(before);
    const stale = new WebClient(h.url);
    stale.setCookie('session', before ?? '');
    expect((await stale.get('/account/credentials')).location).toBe('/login');
  });

  it('explains each credential problem next to its field, and escapes what was typed', async () => {
    const { id, code } = await hire();
    const web = new WebClient(h.url);
    const login = await web.get(`/login?invite=${id}`);
    await web.post('/login/code', { code, invite: id, _csrf: WebClient.csrf(login) });
    const form = await web.get('/account/credentials');
    const page = await web.post('/account/credentials', {
      _csrf: WebClient.csrf(form),
      email: 'anouk@example.nl',
      username: '<b>x',
      password: 'anouk2026',
      repeat: 'other',
    });
    expect(page.status).toBe(200);
    expect(page.body).toContain('value="&lt;b&gt;x"');
    expect(page.body).not.toContain('<b>x');
    expect(page.body).toMatch(/id="username-error">3 tot 32 letters/);
    expect(page.body).toMatch(/id="password-error">[^<]*tenminste 12 tekens/);
    expect(page.body).toMatch(/id="password-error">[^<]*niet je naam/);
    expect(page.body).toMatch(/id="repeat-error">De wachtwoorden zijn niet gelijk/);
    expect(page.body).toContain('aria-invalid="true"');
    expect(page.body).toContain('role="alert"');
  });

  it('turns refusals from the workflow into friendly messages', async () => {
    const { id, code } = await hire();
    await h.hr('POST', `/api/v1/onboardings/${id}/cancel`, {
      onboardingId: id,
      action: 'cancel',
      actor: 'hr',
      reason: 'offer withdrawn',
    });
    const web = new WebClient(h.url);
    const login = await web.get(`/login?invite=${id}`);
    const page = await web.post('/login/code', { code, invite: id, _csrf: WebClient.csrf(login) });
    expect(page.body).toContain('Deze uitnodiging is ingetrokken.');
    const en = new WebClient(h.url);
    const enLogin = await en.get(`/login?invite=${id}&lang=en`);
    const enPage = await en.post('/login/code', {
      code,
      invite: id,
      _csrf: WebClient.csrf(enLogin),
    });
    expect(enPage.body).toContain('This invitation was withdrawn.');
  });
});
