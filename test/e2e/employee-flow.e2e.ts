import jsQR from 'jsqr';
import { generateSync } from 'otplib/functional';
import { type Browser, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { Harness, newHire } from '../support/harness';
import { codeInInvite } from '../support/employee';
import { SmtpSink } from '../support/smtp-sink';
import { eventually } from '../support/wait';
import { launchBrowser, screenshot } from './browser';

const PASSWORD = 'Zonnebloem-Veld-2026';
const NEW_PASSWORD = 'Regenboog-Fiets-8412';
const step = () => Math.floor(Date.now() / 30_000);
const totpAt = (secret: string, s: number) => generateSync({ secret, epoch: s * 30 });

describe('the employee in a real browser', () => {
  let sink: SmtpSink;
  let h: Harness;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    sink = await SmtpSink.start();
    h = await Harness.start({
      queueWorkers: true,
      configure: (c) => ({ ...c, mail: { ...c.mail, smtpUrl: sink.url } }),
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  });
  afterAll(async () => {
    await browser?.close();
    await h.close();
    await sink.close();
  });

  const mailTo = (to: string, subject: RegExp) =>
    eventually(`a mail "${String(subject)}" to ${to}`, () =>
      Promise.resolve(sink.to(to).find((m) => subject.test(m.subject ?? ''))),
    );

  it('activates an account from the invite, logs in with TOTP, and resets the password', async () => {
    const email = 'anouk.e2e@example.nl';
    const username = `anouk-${Date.now().toString(36)}`;
    const hire = await h.hr('POST', '/api/v1/onboardings', newHire({ email }));
    expect(hire.status).toBe(202);

    // 1. The invite from the SMTP server: its link and code.
    const invite = await mailTo(email, /Welkom/);
    const link = /(http:\/\/\S+\/login\?invite=\S+)/.exec(invite.text ?? '')?.[1];
    const code = codeInInvite(invite.text);
    expect(link).toBeDefined();
    expect(code).toBeDefined();
    await page.setContent(typeof invite.html === 'string' ? invite.html : '');
    await screenshot(page, '00-invite-mail');

    await page.goto(link!);
    await page.getByRole('heading', { name: 'Heb je een Logincode ontvangen?' }).waitFor();
    await screenshot(page, '01-login');
    await page.getByRole('textbox', { name: /^Logincode/ }).fill(code!.toLowerCase());
    await page.locator('form[action="/login/code"] button').click();

    // 2. Username and password, with the rules ticking off while typing.
    await page.waitForURL('**/account/credentials');
    expect(await page.getByLabel('E-mailadres').inputValue()).toBe(email);
    await page.getByLabel('Gebruikersnaam').fill(username);
    const rule = (name: string) => page.locator(`li[data-rule="${name}"]`);
    await page.getByLabel('Nieuw wachtwoord').pressSequentially('zonne');
    expect(await rule('min_length').getAttribute('class')).not.toContain('met');
    await page.getByLabel('Nieuw wachtwoord').fill('');
    await page.getByLabel('Nieuw wachtwoord').pressSequentially(PASSWORD);
    for (const name of ['classes', 'min_length', 'max_length', 'not_common', 'not_personal']) {
      await rule(name).and(page.locator('.met')).waitFor();
    }
    await page.getByLabel('Herhaal wachtwoord').fill(PASSWORD);
    await screenshot(page, '02-credentials');
    await page.getByRole('button', { name: 'Opslaan' }).click();

    // 3. Two-factor: decode the QR code from the rendered page, as a phone would.
    await page.waitForURL('**/account/2fa');
    await screenshot(page, '03-two-factor');
    const png = PNG.sync.read(await page.locator('img.qr').screenshot());
    const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(qr).not.toBeNull();
    const uri = new URL(qr!.data);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('issuer')).toBe(h.config.brand.name);
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe(`/${h.config.brand.name}:${username}`);
    const secret = uri.searchParams.get('secret')!;
    expect(Buffer.from(secret, 'utf8').length).toBe(32); // base32 of 160 bits
    const activatedAt = step();
    await page.getByLabel('Code invoeren').fill(totpAt(secret, activatedAt));
    await page.getByRole('button', { name: 'Activeer tweefactor authenticatie (2FA)' }).click();

    // 4. Recovery codes, shown once; then the portal.
    await page.waitForURL('**/account/recovery-codes');
    expect(await page.locator('#recovery-codes li').count()).toBe(10);
    await screenshot(page, '04-recovery-codes');
    await page.getByRole('link', { name: 'Verder naar het portaal' }).click();
    await page.waitForURL('**/portal');
    await page.getByRole('heading', { name: 'Hallo Anouk' }).waitFor();
    await screenshot(page, '05-portal');
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.waitForURL('**/login');
    await page.getByText('Je bent uitgelogd.').waitFor();

    // 5. Log in again: password, then a TOTP code; the one used at activation is refused.
    await loginWithPassword(page, username, PASSWORD);
    await page.getByLabel('Code invoeren').fill(totpAt(secret, activatedAt));
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.locator('#token-error', { hasText: 'Deze code is al gebruikt.' }).waitFor();
    await screenshot(page, '06-replayed-code');
    await page.getByLabel('Code invoeren').fill(totpAt(secret, activatedAt + 1));
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL('**/portal');
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.waitForURL('**/login');

    // 6. Forgot password: a link by mail, a new password, and still 2FA afterwards.
    await page.getByRole('link', { name: 'Ben je je wachtwoord vergeten?' }).click();
    await page.getByLabel('E-mailadres of gebruikersnaam').fill(email);
    await page.getByRole('button', { name: 'Link versturen' }).click();
    await page.getByText('Als we een account bij deze gegevens kennen').waitFor();
    const reset = await mailTo(email, /Nieuw wachtwoord/);
    const resetLink = /(http:\/\/\S+\/reset-password\?token=\S+)/.exec(reset.text ?? '')?.[1];
    await page.goto(resetLink!);
    await page.getByLabel('Nieuw wachtwoord').fill(NEW_PASSWORD);
    await page.getByLabel('Herhaal wachtwoord').fill(NEW_PASSWORD);
    await screenshot(page, '07-reset-password');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.waitForURL('**/login');
    await mailTo(email, /gewijzigd/);
    await loginWithPassword(page, username, NEW_PASSWORD);
    // The next unused code: wait for the clock to move past the codes used above.
    await eventually(
      'a fresh time step',
      () => Promise.resolve(step() > activatedAt ? true : undefined),
      35_000,
    );
    await page.getByLabel('Code invoeren').fill(totpAt(secret, step() + 1));
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL('**/portal');
    // The link worked once.
    await page.goto(resetLink!);
    await page.getByText('Deze link is verlopen of al gebruikt').waitFor();
  });

  async function loginWithPassword(p: Page, username: string, password: string): Promise<void> {
    await p.goto(`${h.url}/login`);
    await p.getByLabel('Gebruikersnaam').fill(username);
    await p.getByLabel(/^Wachtwoord/).fill(password);
    await p.locator('form[action="/login"] button').click();
    await p.waitForURL('**/login/totp');
  }
});
