import { generateSync } from 'otplib/functional';
import { type Browser, type Page } from 'playwright-core';
import { Harness, newHire } from '../support/harness';
import { eventually } from '../support/wait';
import { launchBrowser, screenshot } from './browser';

const PASSWORD = 'Zonnebloem-Veld-2026';
const NEW_PASSWORD = 'Regenboog-Fiets-8412';

describe('the security page in a real browser', () => {
  let h: Harness;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    h = await Harness.start();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  });
  afterAll(async () => {
    await browser?.close();
    await h.close();
  });

  it('opens "Beveiliging" from the portal and changes the password', async () => {
    const username = `sec-${Date.now().toString(36)}`;
    const hire = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', newHire());
    const id = hire.body.onboardingId;
    const code = await eventually('the invite', () => h.latestCode(id).catch(() => undefined));

    // Activation: the code, credentials, 2FA with the key under the QR code.
    await page.goto(`${h.url}/login?invite=${id}`);
    await page.getByRole('textbox', { name: /^Logincode/ }).fill(code);
    await page.locator('form[action="/login/code"] button').click();
    await page.waitForURL('**/account/credentials');
    await page.getByLabel('Gebruikersnaam').fill(username);
    await page.getByLabel('Nieuw wachtwoord').fill(PASSWORD);
    await page.getByLabel('Herhaal wachtwoord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.waitForURL('**/account/2fa');
    const secret = (await page.locator('#totp-key').innerText()).replace(/\s/g, '');
    await page.getByLabel('Code invoeren').fill(generateSync({ secret }));
    await page.getByRole('button', { name: 'Activeer tweefactor authenticatie (2FA)' }).click();
    await page.waitForURL('**/account/recovery-codes');
    const recovery = await page.locator('#recovery-codes code').first().innerText();
    await page.getByRole('link', { name: 'Verder naar het portaal' }).click();
    await page.waitForURL('**/portal');

    // The security page, from the portal; the form ticks the rules off as the portal's does.
    await page.getByRole('link', { name: 'Beveiliging' }).click();
    await page.waitForURL('**/account/security');
    await page.getByRole('heading', { name: 'Ingelogde sessies' }).waitFor();
    await page.locator('#sessions', { hasText: 'Chrome op Linux (deze sessie)' }).waitFor();
    const form = page.locator('form[action="/account/security/password"]');
    await form.getByLabel(/^Huidig wachtwoord/).fill(PASSWORD);
    await form.getByLabel(/^Code uit je authenticator-app/).fill(recovery);
    await form.getByLabel(/^Nieuw wachtwoord/).pressSequentially(NEW_PASSWORD);
    await page.locator('li[data-rule="not_common"].met').waitFor();
    await form.getByLabel(/^Herhaal wachtwoord/).fill(NEW_PASSWORD);
    await screenshot(page, '10-security');
    await form.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
    await page.getByText('Je wachtwoord is gewijzigd.').waitFor();

    // Still signed in here; the new password is the one that works.
    await page.getByRole('link', { name: 'Terug naar het portaal' }).click();
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.waitForURL('**/login');
    await page.getByLabel('Gebruikersnaam').fill(username);
    await page.getByLabel(/^Wachtwoord/).fill(NEW_PASSWORD);
    await page.locator('form[action="/login"] button').click();
    await page.waitForURL('**/login/totp');
  });
});
