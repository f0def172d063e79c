import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { SecretsService } from '../../src/security/secrets.service';
import { WebClient, type WebPage } from '../support/browser-less';
import { Employee } from '../support/employee';
import { activeEmployee } from '../support/active-employee';
import { Harness, newHire } from '../support/harness';
import { eventually } from '../support/wait';

const IDLE_MS = 2000;
const ABSOLUTE_MS = 5000;

const cookieOf = (page: WebPage, name: string) =>
  page.setCookies.find((c) => c.startsWith(`${name}=`));
const idIn = (cookie: string | undefined) => /^[^=]+=([^;]+)/.exec(cookie ?? '')?.[1] ?? '';

/** Sessions as production runs them: cookies, lifetimes, and what ends them. */
describe('browser sessions in production mode', () => {
  let h: Harness;
  let redis: Redis;

  beforeAll(async () => {
    h = await Harness.start({
      configure: (c) => ({
        ...c,
        env: 'production',
        security: { ...c.security, opsToken: `ops-${randomUUID()}` },
        login: { ...c.login, sessionIdleMs: IDLE_MS, sessionAbsoluteMs: ABSOLUTE_MS },
      }),
    });
    redis = h.get(Redis);
  });
  afterAll(async () => {
    await h.close();
  });

  /** An employee with an active account (their own browser is signed in). */
  const onboarded = () => activeEmployee(h, 'sess');

  async function logIn(web: WebClient, employee: Employee): Promise<WebPage> {
    const page = await web.get('/login');
    return web.post('/login', {
      _csrf: WebClient.csrf(page),
      username: employee.username,
      password: employee.password,
    });
  }

  const stored = async (id: string) => (await redis.exists(`session:${id}`)) === 1;

  it('uses __Host- cookies that are Secure, HttpOnly and SameSite=Lax, and sends HSTS', async () => {
    const page = await new WebClient(h.url).get('/login');
    const cookie = cookieOf(page, '__Host-session');
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(page.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
  });

  it('stores nothing for an anonymous visitor, whose form still works', async () => {
    const web = new WebClient(h.url);
    const page = await web.get('/login');
    const id = idIn(cookieOf(page, '__Host-session'));
    expect(id).toMatch(/^[\w-]{43}$/);
    expect(await stored(id)).toBe(false);
    // The form's token needs no stored session: a wrong login is a wrong login, not a CSRF error.
    const answer = await web.post('/login', {
      _csrf: WebClient.csrf(page),
      username: `nobody-${randomUUID()}`,
      password: 'Wrong-Password-123',
    });
    expect(answer.body).toContain('Gebruikersnaam of wachtwoord klopt niet.');
    expect(await stored(id)).toBe(false);
  });

  it('ends a session left alone for the idle timeout', async () => {
    const employee = await onboarded();
    const web = new WebClient(h.url);
    const login = await logIn(web, employee);
    expect(login.location).toBe('/login/totp');
    const id = idIn(cookieOf(login, '__Host-session'));
    expect(await stored(id)).toBe(true);
    // Untouched, Redis lets it go after the idle timeout.
    await eventually('the idle session gone', async () => ((await stored(id)) ? undefined : true));
    expect((await web.get('/login/totp')).location).toBe('/login');
  });

  it('ends a session at its absolute lifetime, however active it is', async () => {
    const employee = await onboarded();
    const web = new WebClient(h.url);
    const login = await logIn(web, employee);
    expect(login.location).toBe('/login/totp');
    const started = Date.now();
    // Busy all the time (every request renews the idle timeout), until it is cut off.
    const ended = await eventually(
      'the session cut off',
      async () => {
        const portal = await web.get('/login/totp');
        return portal.location === '/login' ? Date.now() - started : undefined;
      },
      ABSOLUTE_MS + 10_000,
    );
    expect(ended).toBeGreaterThan(IDLE_MS);
  });

  it('takes nothing of an earlier stage into the session of the next sign-in', async () => {
    const employee = await onboarded();
    const res = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', newHire());
    const other = res.body.onboardingId;
    const code = await eventually('the invite', () => h.latestCode(other).catch(() => undefined));
    // One browser: someone redeems a code (credentials stage), then signs in as someone else.
    const web = new WebClient(h.url);
    const form = await web.get(`/login?invite=${other}`);
    const redeemed = await web.post('/login/code', {
      code,
      invite: other,
      _csrf: WebClient.csrf(form),
    });
    expect(redeemed.location).toBe('/account/credentials');
    expect((await logIn(web, employee)).location).toBe('/login/totp');
    expect((await web.get('/account/credentials')).location).toBe('/login');
  });

  it('ends every session of the account when its password is reset', async () => {
    const employee = await onboarded();
    expect((await employee.web.get('/portal')).status).toBe(200);
    const web = new WebClient(h.url);
    const forgot = await web.get('/forgot-password');
    await web.post('/forgot-password', {
      _csrf: WebClient.csrf(forgot),
      identifier: employee.username,
    });
    const job = await eventually('the reset mail', async () =>
      (await h.mailsFor(employee.onboardingId)).find((m) => m.data.template === 'password_reset'),
    );
    const link = h.get(SecretsService).openLink(employee.onboardingId, job.data.linkSealed ?? '');
    const token = new URL(link).searchParams.get('token') ?? '';
    const resetPage = await web.get(`/reset-password?token=${token}`);
    const password = 'Nieuwe-Tulpen-Akker-2027';
    const done = await web.post('/reset-password', {
      _csrf: WebClient.csrf(resetPage),
      token,
      password,
      repeat: password,
    });
    expect(done.location).toBe('/login');
    const portal = await employee.web.get('/portal');
    expect({ status: portal.status, location: portal.location }).toEqual({
      status: 303,
      location: '/login',
    });
  });
});
