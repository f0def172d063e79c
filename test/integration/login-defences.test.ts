import { ActivationService } from '../../src/activation/activation.service';
import { PasswordResets } from '../../src/auth/password-resets.service';
import { type WebPage, WebClient } from '../support/browser-less';
import { activeEmployee } from '../support/active-employee';
import { Harness, newHire } from '../support/harness';
import { totpNow } from '../support/totp';
import { eventually } from '../support/wait';
import { documentationAddress, WebSession } from '../support/web-session';

const MAX_FAILURES = 4;
const LOCK_MS = 3000;
const PER_ADDRESS = 12;
const PASSWORD = 'Zonnebloem-Veld-2026';
const WRONG = 'Wrong-Password-123';
const INVALID_LOGIN = 'Gebruikersnaam of wachtwoord klopt niet.';

/** The problems listed on top of a page: what must read the same for every refusal. */
const said = (page: WebPage) =>
  (/id="error-summary">[\s\S]*?<ul>([\s\S]*?)<\/ul>/.exec(page.body)?.[1] ?? '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * Guessing at the login: failures slow an account down and then lock it for a while, wrong
 * TOTP codes count too, and each client address (an IPv6 /64 as one) has a cap of its own.
 * Unknown usernames, wrong passwords and locked accounts all get the same answer.
 */
describe('the login against guessing', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({
      configure: (c) => ({
        ...c,
        // Each session sends its own X-Forwarded-For address.
        http: { ...c.http, trustProxyHops: 1 },
        login: {
          ...c.login,
          maxFailures: MAX_FAILURES,
          lockMs: LOCK_MS,
          maxPerAddress: PER_ADDRESS,
        },
      }),
    });
  });
  afterAll(async () => {
    await h.close();
  });

  /** An active account; returns its username and TOTP secret. */
  async function account(): Promise<{ id: string; username: string; secret: string }> {
    const res = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', newHire());
    const id = res.body.onboardingId;
    const code = await eventually('the invite', () => h.latestCode(id).catch(() => undefined));
    const activation = h.get(ActivationService);
    await activation.redeemCode({ code, clientAddress: `guess-${id}` });
    const username = `guess-${id.slice(-8).toLowerCase()}`;
    await activation.setCredentials(id, {
      email: 'anouk.jansen@example.nl',
      username,
      password: PASSWORD,
    });
    const { secret } = await activation.totpEnrolment(id);
    await activation.activateTwoFactor(id, secret, totpNow(secret));
    return { id, username, secret };
  }

  async function logIn(web: WebClient, username: string, password: string): Promise<WebPage> {
    const page = await web.get('/login');
    return web.post('/login', { _csrf: WebClient.csrf(page), username, password });
  }

  it('slows from the third failure, locks at the maximum, lifts after the lock, and mails the owner', async () => {
    const { id, username } = await account();
    const web = new WebSession(h.url);
    for (let i = 1; i <= 3; i++) {
      expect(said(await logIn(web, username, WRONG))).toBe(INVALID_LOGIN);
    }
    // Slowed down: for a moment even the right password is refused, and the answer is the same.
    const slowed = await logIn(web, username, PASSWORD);
    expect(slowed.location).toBeNull();
    expect(said(slowed)).toBe(INVALID_LOGIN);
    // Each poll from an address of its own: the per-address cap is not what this is about.
    const fresh = () => new WebSession(h.url);
    await eventually('the slow-down over', async () =>
      (await logIn(fresh(), username, PASSWORD)).location === '/login/totp' ? true : undefined,
    );
    // The fourth failure locks the account.
    expect(said(await logIn(web, username, WRONG))).toBe(INVALID_LOGIN);
    const locked = await logIn(web, username, PASSWORD);
    expect(said(locked)).toBe(INVALID_LOGIN);
    const notice = await eventually('the lock mail', async () =>
      (await h.mailsFor(id)).find(
        (m) => m.data.template === 'security_notice' && m.data.change === 'locked',
      ),
    );
    expect(notice.data.deadline).toBeDefined();
    await eventually(
      'the lock lifted',
      async () =>
        (await logIn(fresh(), username, PASSWORD)).location === '/login/totp' ? true : undefined,
      LOCK_MS + 10_000,
    );
  });

  it('answers an unknown username, a wrong password and a locked account alike', async () => {
    const { username } = await account();
    const web = new WebSession(h.url);
    const unknown = said(await logIn(web, `nobody-${Date.now()}`, WRONG));
    const wrong = said(await logIn(web, username, WRONG));
    // Slowed down or locked from here: the right password is refused, and says the same.
    for (let i = 0; i < MAX_FAILURES; i++) await logIn(web, username, WRONG);
    const lockedRight = said(await logIn(web, username, PASSWORD));
    expect([unknown, wrong, lockedRight]).toEqual([INVALID_LOGIN, INVALID_LOGIN, INVALID_LOGIN]);
  });

  it('counts wrong TOTP codes as failures of the account', async () => {
    const { username, secret } = await account();
    const web = new WebSession(h.url);
    expect((await logIn(web, username, PASSWORD)).location).toBe('/login/totp');
    const totp = async (token: string) =>
      web.post('/login/totp', { _csrf: WebClient.csrf(await web.get('/login/totp')), token });
    for (let i = 0; i < 3; i++) {
      expect(said(await totp('000000'))).toContain('Deze code klopt niet');
    }
    // Slowed down after three: the right code waits too, and the password step as well.
    expect(said(await totp(totpNow(secret, 1)))).toContain('Te veel mislukte pogingen');
    expect(said(await logIn(new WebSession(h.url), username, PASSWORD))).toBe(INVALID_LOGIN);
  });

  it('caps the tries of one address, and treats an IPv6 /64 as one address', async () => {
    const { username } = await account();
    const prefix = documentationAddress().split(':').slice(0, 4).join(':');
    const one = new WebSession(h.url, `${prefix}::1`);
    const neighbour = new WebSession(h.url, `${prefix}:ffff::2`);
    for (let i = 0; i < PER_ADDRESS; i++) {
      await logIn(i % 2 ? one : neighbour, `nobody-${i}`, WRONG);
    }
    const capped = await logIn(one, username, PASSWORD);
    expect(said(capped)).toContain('Te veel pogingen');
    expect(said(await logIn(neighbour, username, PASSWORD))).toContain('Te veel pogingen');
    // Another /64 is not affected.
    expect((await logIn(new WebSession(h.url), username, PASSWORD)).location).toBe('/login/totp');
  });

  it('mails at most RESET_MAILS_PER_HOUR reset links to one account, however often asked', async () => {
    const { id, username } = await account();
    const passwordResets = h.get(PasswordResets);
    const perHour = h.config.login.resetMailsPerHour;
    for (let i = 0; i < perHour + 2; i++) {
      await passwordResets.requestPasswordReset(username, documentationAddress());
    }
    const resets = (await h.mailsFor(id)).filter((m) => m.data.template === 'password_reset');
    expect(resets).toHaveLength(perHour);
  });

  it('logs in with a recovery code once; the same code then fails, another works', async () => {
    const employee = await activeEmployee(h, 'rc');
    const codes = [
      ...(await employee.web.get('/account/recovery-codes')).body.matchAll(
        /<code>([^<]+)<\/code>/g,
      ),
    ].map((m) => m[1] ?? '');
    expect(codes).toHaveLength(10);

    const withRecovery = async (recovery: string) => {
      const web = new WebSession(h.url);
      expect((await logIn(web, employee.username, employee.password)).location).toBe('/login/totp');
      const page = await web.get('/login/totp');
      const answer = await web.post('/login/totp', {
        _csrf: WebClient.csrf(page),
        token: recovery,
      });
      return { answer, web };
    };
    const first = await withRecovery(codes[0]!);
    expect(first.answer.location).toBe('/portal');
    expect((await first.web.get('/portal')).body).toContain('Hallo Anouk');
    const again = await withRecovery(codes[0]!);
    expect(again.answer.location).toBeNull();
    expect(said(again.answer)).toContain('Deze code klopt niet');
    // Typed the way people copy them: capitals, no dash.
    const other = await withRecovery(codes[1]!.toUpperCase().replace('-', ''));
    expect(other.answer.location).toBe('/portal');
  });
});
