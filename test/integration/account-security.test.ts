import { AccountRepository } from '../../src/accounts/account.repository';
import { Metrics } from '../../src/metrics/metrics';
import { SecretsService } from '../../src/security/secrets.service';
import { type WebPage, WebClient } from '../support/browser-less';
import { activeEmployee } from '../support/active-employee';
import { type Employee, totpKeyOn } from '../support/employee';
import { Harness } from '../support/harness';
import { totpNow } from '../support/totp';
import { eventually } from '../support/wait';
import { WebSession } from '../support/web-session';

const CHROME_LINUX =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const FIREFOX_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const NEW_PASSWORD = 'Regenboog-Fiets-8412';
const INVALID_LOGIN = 'Gebruikersnaam of wachtwoord klopt niet.';
const WRONG_CODE = 'Deze code klopt niet';

/** A browser of its own address that names itself in every request. */
class Browser extends WebSession {
  constructor(
    base: string,
    private readonly userAgent: string,
  ) {
    super(base);
  }

  override send(
    method: string,
    path: string,
    body?: string | Buffer,
    headers: Record<string, string> = {},
  ): Promise<WebPage> {
    return super.send(method, path, body, { 'user-agent': this.userAgent, ...headers });
  }
}

/** The problems listed on top of a page. */
const said = (page: WebPage) =>
  (/id="error-summary">([\s\S]*?)<\/div>/.exec(page.body)?.[1] ?? '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const codesOn = (page: WebPage) =>
  [...page.body.matchAll(/<code>([^<]+)<\/code>/g)].map((m) => m[1]!);

/** The security page's rows: device cell text per session. */
const sessionRows = (page: WebPage) =>
  [...(/<tbody>([\s\S]*?)<\/tbody>/.exec(page.body)?.[1] ?? '').matchAll(/<td>([\s\S]*?)<\/td>/g)]
    .map((m) =>
      m[1]!
        .replace(/<[^>]+>/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((_, i) => i % 3 === 0);

/** The security page's changes over HTTP, on the real servers. */
describe('the security page', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({
      configure: (c) => ({ ...c, http: { ...c.http, trustProxyHops: 1 } }),
    });
  });
  afterAll(async () => {
    await h.close();
  });

  /** An active employee, signed in, with their TOTP secret and recovery codes. */
  async function employee(): Promise<{ who: Employee; secret: string; codes: string[] }> {
    const who = await activeEmployee(h, 'sec');
    const codes = codesOn(await who.web.get('/account/recovery-codes'));
    expect(codes).toHaveLength(10);
    const account = await h.get(AccountRepository).get(who.onboardingId);
    const secret = h.get(SecretsService).openTotpSecret(account!._id, account!.totpSecretSealed!);
    return { who, secret, codes };
  }

  async function logIn(web: WebClient, username: string, password: string): Promise<WebPage> {
    const page = await web.get('/login');
    return web.post('/login', { _csrf: WebClient.csrf(page), username, password });
  }

  /** Both factors in a browser of its own; answers where the second one led. */
  async function signIn(
    who: Employee,
    secondFactor: string,
    { userAgent = CHROME_LINUX, password = who.password } = {},
  ): Promise<{ web: Browser; landed: WebPage }> {
    const web = new Browser(h.url, userAgent);
    expect((await logIn(web, who.username, password)).location).toBe('/login/totp');
    const form = await web.get('/login/totp');
    const landed = await web.post('/login/totp', {
      _csrf: WebClient.csrf(form),
      token: secondFactor,
    });
    return { web, landed };
  }

  /** A form of the security page, sent as the browser would. */
  async function submit(
    web: WebClient,
    action: string,
    fields: Record<string, string> = {},
  ): Promise<WebPage> {
    const page = await web.get('/account/security');
    expect(page.status).toBe(200);
    return web.post(`/account/security/${action}`, { _csrf: WebClient.csrf(page), ...fields });
  }

  const signedIn = async (web: WebClient) => (await web.get('/account/security')).status === 200;

  const notice = (id: string, change: string) =>
    eventually(`the ${change} notice`, async () =>
      (await h.mailsFor(id)).find(
        (m) => m.data.template === 'security_notice' && m.data.change === change,
      ),
    );

  const recorded = async (event: string) =>
    new RegExp(`onboarding_security_events_total\\{event="${event}"\\} [1-9]`).test(
      await h.get(Metrics).registry.metrics(),
    );

  it('is for signed-in sessions only, and linked from the portal', async () => {
    const { who } = await employee();
    expect((await who.web.get('/portal')).body).toContain('href="/account/security"');
    const page = await who.web.get('/account/security');
    expect(page.body).toContain('<h1>Beveiliging</h1>');

    const stranger = new WebSession(h.url);
    expect((await stranger.get('/account/security')).location).toBe('/login');
    // The password alone is half a sign-in.
    const half = new WebSession(h.url);
    expect((await logIn(half, who.username, who.password)).location).toBe('/login/totp');
    expect((await half.get('/account/security')).location).toBe('/login');
    const form = await half.get('/login/totp');
    const post = await half.post('/account/security/sign-out-everywhere', {
      _csrf: WebClient.csrf(form),
    });
    expect(post.location).toBe('/login');
    expect(await signedIn(who.web)).toBe(true);
  });

  it('changes the password with the current one and a second factor, by the rules', async () => {
    const { who, codes } = await employee();
    const other = await signIn(who, codes[0]!, { userAgent: FIREFOX_WINDOWS });
    expect(other.landed.location).toBe('/portal');
    const change = (fields: Record<string, string>) =>
      submit(who.web, 'password', {
        current_password: who.password,
        password_token: codes[1]!,
        password: NEW_PASSWORD,
        repeat: NEW_PASSWORD,
        ...fields,
      });

    const wrongCurrent = await change({ current_password: 'Wrong-Password-123' });
    expect(wrongCurrent.location).toBeNull();
    expect(said(wrongCurrent)).toContain(INVALID_LOGIN);
    expect(wrongCurrent.body).toMatch(/id="current_password-error"/);
    const weak = await change({ password: 'welkom', repeat: 'welkom' });
    expect(weak.location).toBeNull();
    expect(said(weak)).toContain('tenminste 12 tekens');
    const wrongCode = await change({ password_token: '000000' });
    expect(said(wrongCode)).toContain(WRONG_CODE);

    const done = await change({});
    expect(done.location).toBe('/account/security');
    // This session goes on (under a new id); the other one is over.
    expect((await who.web.get('/account/security')).body).toContain('Je wachtwoord is gewijzigd');
    expect(await signedIn(other.web)).toBe(false);
    expect(said(await logIn(new WebSession(h.url), who.username, who.password))).toContain(
      INVALID_LOGIN,
    );
    expect((await logIn(new WebSession(h.url), who.username, NEW_PASSWORD)).location).toBe(
      '/login/totp',
    );
    await notice(who.onboardingId, 'password');
    expect(await recorded('password_changed')).toBe(true);
  });

  it('sets up the authenticator again with both factors and a code from the new app', async () => {
    const { who, secret, codes } = await employee();
    const other = await signIn(who, codes[0]!, { userAgent: FIREFOX_WINDOWS });
    const start = (fields: Record<string, string>) =>
      submit(who.web, 'authenticator', {
        authenticator_password: who.password,
        authenticator_token: codes[1]!,
        ...fields,
      });

    const noSecondFactor = await start({ authenticator_token: '000000' });
    expect(said(noSecondFactor)).toContain(WRONG_CODE);
    expect(noSecondFactor.body).toMatch(/id="authenticator_token-error"/);
    expect(said(await start({ authenticator_password: 'Wrong-Password-123' }))).toContain(
      INVALID_LOGIN,
    );
    // No QR code without both.
    expect((await who.web.get('/account/security/authenticator')).location).toBe(
      '/account/security',
    );

    expect((await start({})).location).toBe('/account/security/authenticator');
    const qrPage = await who.web.get('/account/security/authenticator');
    expect(qrPage.body).toContain('Authenticator-app opnieuw instellen');
    const newSecret = totpKeyOn(qrPage)!;
    expect(newSecret).toBeDefined();
    expect(newSecret).not.toBe(secret);
    const confirm = (token: string) =>
      who.web.post('/account/security/authenticator/confirm', {
        _csrf: WebClient.csrf(qrPage),
        token,
      });
    // A code of the old app is no code of the new one: nothing changes yet.
    expect(said(await confirm(totpNow(secret)))).toContain(WRONG_CODE);
    expect((await confirm(totpNow(newSecret))).location).toBe('/account/security');

    expect((await who.web.get('/account/security')).body).toContain('Codes uit de oude app');
    expect(await signedIn(other.web)).toBe(false);
    const old = await signIn(who, totpNow(secret, 1));
    expect(old.landed.location).toBeNull();
    expect(said(old.landed)).toContain(WRONG_CODE);
    expect((await signIn(who, totpNow(newSecret, 1))).landed.location).toBe('/portal');
    await notice(who.onboardingId, 'two_factor');
    expect(await recorded('authenticator_changed')).toBe(true);
  });

  it('makes new recovery codes after a second factor; the old set and other sessions stop working', async () => {
    const { who, codes } = await employee();
    const elsewhere = await signIn(who, codes[2]!);
    expect(await signedIn(elsewhere.web)).toBe(true);
    const wrong = await submit(who.web, 'recovery-codes', { recovery_token: 'abcde-fghij' });
    expect(said(wrong)).toContain(WRONG_CODE);

    const made = await submit(who.web, 'recovery-codes', { recovery_token: codes[0]! });
    expect(made.location).toBe('/account/recovery-codes');
    const fresh = codesOn(await who.web.get('/account/recovery-codes'));
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(codes[1]);
    // Shown once.
    expect((await who.web.get('/account/recovery-codes')).location).toBe('/portal');
    expect(await signedIn(who.web)).toBe(true);
    expect(await signedIn(elsewhere.web)).toBe(false);

    const old = await signIn(who, codes[1]!);
    expect(said(old.landed)).toContain(WRONG_CODE);
    expect((await signIn(who, fresh[0]!)).landed.location).toBe('/portal');
    await notice(who.onboardingId, 'recovery_codes_renewed');
    expect(await recorded('recovery_codes_renewed')).toBe(true);
  });

  it('lists the sessions with their devices, and signs out everywhere', async () => {
    const { who, codes } = await employee();
    const chrome = await signIn(who, codes[0]!, { userAgent: CHROME_LINUX });
    const firefox = await signIn(who, codes[1]!, { userAgent: FIREFOX_WINDOWS });
    expect([chrome.landed.location, firefox.landed.location]).toEqual(['/portal', '/portal']);

    const page = await chrome.web.get('/account/security');
    const rows = sessionRows(page);
    expect(rows).toHaveLength(3);
    expect(rows).toEqual(
      expect.arrayContaining([
        'Chrome op Linux (deze sessie)',
        'Firefox op Windows',
        'Onbekend apparaat',
      ]),
    );
    const english = sessionRows(await firefox.web.get('/account/security?lang=en'));
    expect(english).toEqual(expect.arrayContaining(['Firefox on Windows (this session)']));

    const out = await submit(chrome.web, 'sign-out-everywhere');
    expect(out.location).toBe('/login');
    expect((await chrome.web.get('/login')).body).toContain('Je bent op alle apparaten afgemeld.');
    for (const web of [chrome.web, firefox.web, who.web]) {
      expect(await signedIn(web)).toBe(false);
    }
    await notice(who.onboardingId, 'signed_out_everywhere');
    expect(await recorded('signed_out_everywhere')).toBe(true);
  });
});
