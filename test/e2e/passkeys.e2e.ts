import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { PasskeyRepository } from '../../src/accounts/passkey.repository';
import { Harness, newHire } from '../support/harness';
import { codeInInvite } from '../support/employee';
import { SmtpSink } from '../support/smtp-sink';
import { eventually } from '../support/wait';
import { launchBrowser, screenshot } from './browser';

const PASSWORD = 'Zonnebloem-Veld-2026';

interface VirtualCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId: string;
  privateKey: string;
  userHandle: string;
  signCount: number;
}

/**
 * Passkeys in real Chromium with a virtual authenticator (DevTools protocol): one with user
 * verification and resident keys, as a phone or laptop with a fingerprint reader has.
 */
describe('passkeys in a real browser', () => {
  let sink: SmtpSink;
  let h: Harness;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let cdp: CDPSession;
  let authenticatorId: string;
  // WebAuthn needs a host name: PUBLIC_URL is http://app.localhost:<port> (Chromium sends
  // every *.localhost to loopback), so a page on a subdomain can stand in for a look-alike.
  let site: string;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    h = await Harness.start({
      queueWorkers: true,
      configure: (c) => ({
        ...c,
        http: { ...c.http, publicUrl: c.http.publicUrl.replace('127.0.0.1', 'app.localhost') },
        mail: { ...c.mail, smtpUrl: sink.url },
      }),
    });
    site = h.config.http.publicUrl;
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    page = await context.newPage();
    cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    ({ authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    }));
  });
  afterAll(async () => {
    await browser?.close();
    await h.close();
    await sink.close();
  });

  const credentials = async (): Promise<VirtualCredential[]> =>
    (
      (await cdp.send('WebAuthn.getCredentials', { authenticatorId })) as {
        credentials: VirtualCredential[];
      }
    ).credentials;

  async function signInWithPasskey(): Promise<void> {
    await page.goto(`${site}/login`);
    await page.getByRole('button', { name: 'Inloggen met een passkey' }).click();
  }

  async function signOut(): Promise<void> {
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.waitForURL('**/login');
  }

  it('activates with a passkey instead of the app, then signs in with it without a username', async () => {
    const email = 'passkey.e2e@example.nl';
    const hire = await h.hr('POST', '/api/v1/onboardings', newHire({ email, firstName: 'Sanne' }));
    expect(hire.status).toBe(202);
    const { onboardingId } = hire.body as { onboardingId: string };
    const invite = await eventually('the invite', () =>
      Promise.resolve(sink.to(email).find((m) => /Welkom/.test(m.subject ?? ''))),
    );
    await page.goto(`${site}/login?invite=${onboardingId}`);
    await page.getByRole('textbox', { name: /^Logincode/ }).fill(codeInInvite(invite.text)!);
    await page.locator('form[action="/login/code"] button').click();
    await page.waitForURL('**/account/credentials');
    await page.getByLabel('Gebruikersnaam').fill(`sanne-${Date.now().toString(36)}`);
    await page.getByLabel('Nieuw wachtwoord').fill(PASSWORD);
    await page.getByLabel('Herhaal wachtwoord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Opslaan' }).click();

    // The seed's QR code and code field stay first; the passkey comes beside them.
    await page.waitForURL('**/account/2fa');
    await page.locator('img.qr').waitFor();
    const usePasskey = page.getByRole('button', { name: 'Passkey gebruiken' });
    await usePasskey.waitFor();
    await screenshot(page, '08-two-factor-passkey');
    await usePasskey.click();
    await page.waitForURL('**/account/recovery-codes');
    const recoveryCodes = await page.locator('#recovery-codes code').allTextContents();
    expect(recoveryCodes).toHaveLength(10);

    const stored = (await credentials())[0]!;
    expect(stored).toMatchObject({ isResidentCredential: true, rpId: 'app.localhost' });
    expect(Buffer.from(stored.userHandle, 'base64').toString('utf8')).toBe(onboardingId);
    const passkeys = await h.get(PasskeyRepository).forAccount(onboardingId);
    expect(passkeys).toHaveLength(1);
    expect(passkeys[0]?.name).toMatch(/^Passkey van /);
    expect(passkeys[0]?.lastUsedAt).toBeNull();
    await eventually('the account active', async () => {
      const status = await h.hr<{ status: string }>('GET', `/api/v1/onboardings/${onboardingId}`);
      return status.body.status === 'active' ? true : undefined;
    });
    await page.getByRole('link', { name: 'Verder naar het portaal' }).click();
    await page.getByRole('heading', { name: 'Hallo Sanne' }).waitFor();
    await signOut();

    // No username, no password: the passkey with user verification is both factors.
    await page.goto(`${site}/login`);
    await page.getByRole('button', { name: 'Inloggen met een passkey' }).waitFor();
    await screenshot(page, '09-login-passkey');
    await signInWithPasskey();
    await page.waitForURL('**/portal');
    await page.getByRole('heading', { name: 'Hallo Sanne' }).waitFor();
    const used = (await h.get(PasskeyRepository).forAccount(onboardingId))[0]!;
    expect(used.lastUsedAt).not.toBeNull();
    expect(used.counter).toBeGreaterThan(0);
    await signOut();

    // A passkey answer replayed (captured on its way, with the session it was made in) finds
    // its challenge used up.
    await page.goto(`${site}/login`);
    const session = (await context.cookies()).find((c) => c.name === 'session')!.value;
    const captured = page.waitForRequest('**/login/passkey');
    await page.getByRole('button', { name: 'Inloggen met een passkey' }).click();
    const replay = (await captured).postData()!;
    await page.waitForURL('**/portal');
    const again = await fetch(`${h.url}/login/passkey`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `session=${session}` },
      body: replay,
    });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ error: 'Dat duurde te lang. Probeer het nog eens.' });
    await signOut();

    // A clone of the authenticator (same key, an older counter) is refused.
    const current = (await credentials())[0]!;
    await cdp.send('WebAuthn.removeCredential', {
      authenticatorId,
      credentialId: current.credentialId,
    });
    await cdp.send('WebAuthn.addCredential', {
      authenticatorId,
      credential: { ...current, signCount: 0 },
    });
    await signInWithPasskey();
    await page.getByText('Deze passkey wordt niet herkend.').waitFor();
    expect(page.url()).toMatch(/\/login$/);
    // Back to the real one for what follows.
    await cdp.send('WebAuthn.removeCredential', {
      authenticatorId,
      credentialId: current.credentialId,
    });
    await cdp.send('WebAuthn.addCredential', { authenticatorId, credential: current });

    // Another origin that may claim our RP id (a subdomain: the browser lets it ask for our
    // passkey) relays our challenge; the server refuses the answer for its origin.
    const phishing = site.replace('app.localhost', 'evil.app.localhost');
    await page.goto(`${phishing}/login?lang=nl`);
    await page.getByRole('button', { name: 'Inloggen met een passkey' }).click();
    await page.getByText('Deze passkey wordt niet herkend.').waitFor();
    expect(page.url()).toBe(`${phishing}/login?lang=nl`);

    // The security page: rename it; the only second factor cannot be removed.
    const first = (await h.get(PasskeyRepository).forAccount(onboardingId))[0]!;
    await signInWithPasskey();
    await page.waitForURL('**/portal');
    await page.getByRole('link', { name: 'Beveiliging' }).click();
    const row = (id: string) => page.locator(`li[id="passkey-${id}"]`);
    await row(first._id).getByLabel('Naam').fill('Telefoon van Sanne');
    await row(first._id).getByRole('button', { name: 'Naam wijzigen' }).click();
    await page.getByText('De naam van je passkey is gewijzigd.').waitFor();
    expect(await row(first._id).getByLabel('Naam').inputValue()).toBe('Telefoon van Sanne');
    await row(first._id).getByRole('button', { name: 'Verwijderen' }).click();
    await page.getByText('Dit is je enige tweede factor.').first().waitFor();

    // A second passkey (a new laptop: the authenticator holds none of ours), after the password
    // and a recovery code, this account having no authenticator app.
    const phone = (await credentials())[0]!;
    await cdp.send('WebAuthn.removeCredential', {
      authenticatorId,
      credentialId: phone.credentialId,
    });
    await page.locator('#passkey_password').fill(PASSWORD);
    await page.locator('#passkey_token').fill(recoveryCodes[0]!);
    await page.getByRole('button', { name: 'Passkey toevoegen' }).click();
    await page.waitForURL('**/account/security/passkeys/new');
    await page.getByRole('button', { name: 'Passkey gebruiken' }).click();
    await page.getByText('Je passkey is toegevoegd.').waitFor();
    await screenshot(page, '11-security-passkeys');
    expect(await page.locator('li.passkey-row').count()).toBe(2);
    await eventually('the notice mail', () =>
      Promise.resolve(sink.to(email).find((m) => /passkey/.test(m.text ?? ''))),
    );

    // The phone's passkey removed on the page: the phone can no longer sign in with it.
    await row(first._id).getByRole('button', { name: 'Verwijderen' }).click();
    await page.getByText('Je passkey is verwijderd.').waitFor();
    expect(await h.get(PasskeyRepository).get(onboardingId, first._id)).toBeNull();
    await page.getByRole('link', { name: 'Terug naar het portaal' }).click();
    await signOut();
    const laptop = (await credentials())[0]!;
    await cdp.send('WebAuthn.removeCredential', {
      authenticatorId,
      credentialId: laptop.credentialId,
    });
    await cdp.send('WebAuthn.addCredential', { authenticatorId, credential: phone });
    await signInWithPasskey();
    await page.getByText('Deze passkey wordt niet herkend.').waitFor();
    expect(page.url()).toMatch(/\/login$/);
    // The laptop's still does (one resident passkey per user on an authenticator).
    await cdp.send('WebAuthn.removeCredential', {
      authenticatorId,
      credentialId: phone.credentialId,
    });
    await cdp.send('WebAuthn.addCredential', { authenticatorId, credential: laptop });
    await signInWithPasskey();
    await page.waitForURL('**/portal');
  });
});
