import { getConnectionToken } from '@nestjs/mongoose';
import { type Connection } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { AccountRepository } from '../../src/accounts/account.repository';
import type { AccountRecord } from '../../src/accounts/account.schema';
import { WebClient, type WebPage } from '../support/browser-less';
import { Employee, totpKeyOn } from '../support/employee';
import { activeEmployee } from '../support/active-employee';
import { Harness, newHire } from '../support/harness';
import { totpNow } from '../support/totp';
import { eventually } from '../support/wait';

const OPS_TOKEN = `ops-${randomUUID()}`;

/**
 * The helpdesk resets the 2FA of an employee who lost their phone. An attacker who phished
 * the password (and maybe made that helpdesk call), or who reads the mailed code, must not be
 * the one who enrols the new authenticator.
 */
describe('re-enrolment after a 2FA reset', () => {
  let h: Harness;
  let accounts: ReturnType<Connection['collection']>;

  beforeAll(async () => {
    h = await Harness.start({
      configure: (c) => ({ ...c, security: { ...c.security, opsToken: OPS_TOKEN } }),
    });
    accounts = h.api.get<Connection>(getConnectionToken()).collection('accounts');
  });
  afterAll(async () => {
    await h.close();
  });

  const account = async (id: string) =>
    (await accounts.findOne({ _id: id as never })) as AccountRecord | null;

  /** An employee with an active account, and their signed-in browser. */
  const onboarded = () => activeEmployee(h, 'reset');

  /** Ops resets the 2FA; resolves with the newly mailed code. */
  async function reset(id: string): Promise<string> {
    const before = await h.latestCode(id);
    const res = await h.request(
      'POST',
      `/api/v1/ops/onboardings/${id}/reset-2fa`,
      JSON.stringify({ actor: 'helpdesk@example.nl', reason: 'lost phone' }),
      { authorization: `Bearer ${OPS_TOKEN}` },
    );
    expect(res.status).toBe(200);
    return eventually('the new code', async () => {
      const code = await h.latestCode(id);
      return code !== before ? code : undefined;
    });
  }

  const logIn = async (web: WebClient, employee: Employee) =>
    web.post('/login', {
      username: employee.username,
      password: employee.password,
      _csrf: WebClient.csrf(await web.get('/login')),
    });
  const redeem = async (web: WebClient, id: string, code: string) =>
    web.post('/login/code', {
      code,
      invite: id,
      _csrf: WebClient.csrf(await web.get(`/login?invite=${id}`)),
    });
  const confirmPassword = async (web: WebClient, employee: Employee) =>
    web.post('/login/password', {
      password: employee.password,
      _csrf: WebClient.csrf(await web.get('/login/password')),
    });

  /** What a session gets when it asks for the 2FA setup page: never a TOTP key without both factors. */
  async function expectNoSetup(web: WebClient): Promise<void> {
    const page = await web.get('/account/2fa');
    expect({ status: page.status, location: page.location }).toEqual({
      status: 303,
      location: '/login',
    });
    expect(totpKeyOn(page)).toBeUndefined();
  }

  it('a phished password alone leads to "enter the new code", never to the 2FA setup', async () => {
    const victim = await onboarded();
    await reset(victim.onboardingId);
    const attacker = new WebClient(h.url);
    const afterLogin = await logIn(attacker, victim);
    expect(afterLogin.location).toBe('/login');
    const next = await attacker.get('/login');
    expect(next.body).toContain('Vul de nieuwe logincode uit je mail in');
    await expectNoSetup(attacker);
    expect((await account(victim.onboardingId))?.totpSecretSealed).toBeNull();
  });

  it('the mailed code alone leads to "confirm your password", never to the 2FA setup', async () => {
    const victim = await onboarded();
    const code = await reset(victim.onboardingId);
    const attacker = new WebClient(h.url);
    const redeemed = await redeem(attacker, victim.onboardingId, code);
    expect(redeemed.location).toBe('/login/password');
    const wrong = await attacker.post('/login/password', {
      password: 'Not-The-Password-2026',
      _csrf: WebClient.csrf(await attacker.get('/login/password')),
    });
    expect(wrong.status).toBe(200);
    expect(wrong.body).toContain('Gebruikersnaam of wachtwoord klopt niet.');
    await expectNoSetup(attacker);
  });

  it('one factor in each of two sessions opens neither', async () => {
    const victim = await onboarded();
    const code = await reset(victim.onboardingId);
    const withPassword = new WebClient(h.url);
    const withCode = new WebClient(h.url);
    await logIn(withPassword, victim);
    await redeem(withCode, victim.onboardingId, code);
    await expectNoSetup(withPassword);
    await expectNoSetup(withCode);
  });

  it('both factors in one session: each page a fresh secret, stored only once verified; the other session loses', async () => {
    const victim = await onboarded();
    const id = victim.onboardingId;
    const code = await reset(id);
    // Code then password in one browser, password then code in another.
    const first = new WebClient(h.url);
    expect((await redeem(first, id, code)).location).toBe('/login/password');
    expect((await confirmPassword(first, victim)).location).toBe('/account/2fa');
    const second = new WebClient(h.url);
    expect((await logIn(second, victim)).location).toBe('/login');
    expect((await redeem(second, id, code)).location).toBe('/account/2fa');

    const pageA = await first.get('/account/2fa');
    const pageB = await first.get('/account/2fa');
    const other = await second.get('/account/2fa');
    const [keyA, keyB, keyOther] = [pageA, pageB, other].map((p: WebPage) => totpKeyOn(p));
    expect(new Set([keyA, keyB, keyOther]).size).toBe(3);
    expect((await account(id))?.totpSecretSealed).toBeNull();

    // Only the latest page of a session counts.
    const stale = await first.post('/account/2fa', {
      _csrf: WebClient.csrf(pageB),
      token: totpNow(keyA!),
    });
    expect(stale.location).toBeNull();
    const done = await first.post('/account/2fa', {
      _csrf: WebClient.csrf(pageB),
      token: totpNow(keyB!),
    });
    expect(done.location).toBe('/account/recovery-codes');
    const late = await second.post('/account/2fa', {
      _csrf: WebClient.csrf(other),
      token: totpNow(keyOther!),
    });
    expect(late.location).toBeNull();
    expect(late.body).toContain('Je account is al actief');

    // The account has the first session's key: a login with it works, with the other's not.
    const stored = await account(id);
    expect(stored?.status).toBe('active');
    expect(stored?.recoveryCodeHashes).toHaveLength(10);
    const later = new WebClient(h.url);
    expect((await logIn(later, victim)).location).toBe('/login/totp');
    const totpPage = await later.get('/login/totp');
    const refused = await later.post('/login/totp', {
      _csrf: WebClient.csrf(totpPage),
      token: totpNow(keyOther!, 1),
    });
    expect(refused.location).toBeNull();
    const portal = await later.post('/login/totp', {
      _csrf: WebClient.csrf(totpPage),
      token: totpNow(keyB!, 1),
    });
    expect(portal.location).toBe('/portal');
  });

  it('the code keeps working until the new 2FA is active, so a lost session can start over', async () => {
    const victim = await onboarded();
    const id = victim.onboardingId;
    const code = await reset(id);
    const lost = new WebClient(h.url);
    expect((await redeem(lost, id, code)).location).toBe('/login/password');
    expect((await confirmPassword(lost, victim)).location).toBe('/account/2fa');
    // That browser is gone; a new one proves both again.
    const again = new WebClient(h.url);
    expect((await logIn(again, victim)).location).toBe('/login');
    expect((await redeem(again, id, code)).location).toBe('/account/2fa');
    const page = await again.get('/account/2fa');
    const done = await again.post('/account/2fa', {
      _csrf: WebClient.csrf(page),
      token: totpNow(totpKeyOn(page)!),
    });
    expect(done.location).toBe('/account/recovery-codes');
    // Once 2FA is active the code is used up.
    expect((await redeem(new WebClient(h.url), id, code)).location).toBeNull();
  });

  it('ends every session of the account at the reset', async () => {
    const victim = await onboarded();
    const elsewhere = new WebClient(h.url);
    await logIn(elsewhere, victim);
    expect((await elsewhere.get('/login/totp')).status).toBe(200);
    expect((await victim.web.get('/portal')).status).toBe(200);

    await reset(victim.onboardingId);
    for (const web of [victim.web, elsewhere]) {
      const page = await web.get('/portal');
      expect({ status: page.status, location: page.location }).toEqual({
        status: 303,
        location: '/login',
      });
    }
    expect((await elsewhere.get('/login/totp')).location).toBe('/login');
  });

  it('writes no recovery codes when the workflow refuses the activation', async () => {
    const res = await h.hr<{ onboardingId: string }>(
      'POST',
      '/api/v1/onboardings',
      newHire({ policy: { codeValidity: '6s', inviteReminders: [], lastDayReminder: '1s' } }),
    );
    const id = res.body.onboardingId;
    const code = await eventually('the invite', () => h.latestCode(id).catch(() => undefined));
    const employee = new Employee(h.url, id, `late-${id.slice(-8).toLowerCase()}`);
    expect(await employee.redeem(code)).toBe(true);
    expect(await employee.setCredentials()).toBe(true);
    const page = await employee.web.get('/account/2fa');
    const key = totpKeyOn(page)!;
    await eventually('expiry', async () => {
      const view = await h.hr<{ status: string }>('GET', `/api/v1/onboardings/${id}`);
      return view.body.status === 'expired' ? true : undefined;
    });
    const refused = await employee.web.post('/account/2fa', {
      _csrf: WebClient.csrf(page),
      token: totpNow(key),
    });
    expect(refused.location).toBeNull();
    expect(refused.body).toContain('Je uitnodiging is verlopen');
    expect((await account(id))?.recoveryCodeHashes ?? []).toHaveLength(0);
    expect((await account(id))?.status).toBe('pending_2fa');
  });
});

/** The reset's steps are the new run's work: a request that fails halfway loses nothing. */
describe('a 2FA reset as workflow work', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({
      configure: (c) => ({
        ...c,
        security: { ...c.security, opsToken: OPS_TOKEN },
        // The reset's update waits 3× this for a worker; short, so the outage case is quick.
        dependencyTimeoutMs: 2_000,
      }),
    });
  });
  afterAll(async () => {
    await h.close();
  });

  const resetRequest = (id: string) =>
    h.request(
      'POST',
      `/api/v1/ops/onboardings/${id}/reset-2fa`,
      JSON.stringify({ actor: 'helpdesk@example.nl', reason: 'lost phone' }),
      { authorization: `Bearer ${OPS_TOKEN}` },
    );
  const view = async (id: string) =>
    (await h.hr<{ status: string; deadline: string }>('GET', `/api/v1/onboardings/${id}`)).body;
  const accountStatus = async (id: string) => (await h.api.get(AccountRepository).get(id))?.status;
  it('refuses the reset while a newer onboarding of the hire runs, and leaves that one alone', async () => {
    const hire = newHire();
    const employee = await activeEmployee(h, 'newer', hire);
    const id = employee.onboardingId;
    await h.runEnded(id);
    // HR sends the same employee again: a new onboarding, whose run holds the workflow id.
    const again = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', hire);
    expect(again.status).toBe(202);
    const newer = again.body.onboardingId;
    expect(newer).not.toBe(id);
    const code = await eventually('the newer invite', () =>
      h.latestCode(newer).catch(() => undefined),
    );

    const res = await resetRequest(id);
    expect({ status: res.status, type: (res.body as { type?: string }).type }).toEqual({
      status: 409,
      type: 'urn:problem:onboarding:newer-onboarding',
    });
    expect(await accountStatus(id)).toBe('active');
    expect((await view(newer)).status).toBe('invited');
    expect(await h.latestCode(newer)).toBe(code);
  });

  it("keeps the hire's own code validity from intake, not the deployment default", async () => {
    const validity = 3 * 24 * 3600_000;
    const employee = await activeEmployee(h, 'policy', newHire({ policy: { codeValidity: '3d' } }));
    const id = employee.onboardingId;
    await h.runEnded(id);
    const before = Date.now();
    const res = await resetRequest(id);
    expect(res.status).toBe(200);
    const after = await view(id);
    expect(after.status).toBe('invited');
    const deadline = new Date(after.deadline).getTime();
    expect(deadline).toBeGreaterThanOrEqual(before + validity - 60_000);
    expect(deadline).toBeLessThanOrEqual(Date.now() + validity);
  });

  it('with no worker the request fails (503), and the reset completes once one is back', async () => {
    const employee = await activeEmployee(h, 'resume');
    const id = employee.onboardingId;
    await h.runEnded(id);
    await h.stopWorker();
    try {
      const res = await resetRequest(id);
      expect(res.status).toBe(503);
      // Nothing was half done by the API: the account is as it was.
      expect(await accountStatus(id)).toBe('active');
    } finally {
      await h.startWorker();
    }
    await eventually('the reset done by the run', async () =>
      (await view(id)).status === 'invited' && (await accountStatus(id)) === 'reenrolling'
        ? true
        : undefined,
    );
    const templates = await eventually('the notice and the new code', async () => {
      const sent = (await h.mailsFor(id)).map((m) => m.data.template);
      return sent.filter((t) => t === 'invite').length === 2 ? sent : undefined;
    });
    expect(templates).toContain('security_notice');
    const portal = await employee.web.get('/portal');
    expect({ status: portal.status, location: portal.location }).toEqual({
      status: 303,
      location: '/login',
    });
  });
});
