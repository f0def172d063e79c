import { randomBytes } from 'node:crypto';
import { type Browser, type Page } from 'playwright-core';
import { Harness, newHire } from '../support/harness';
import { codeInInvite } from '../support/employee';
import { SmtpSink } from '../support/smtp-sink';
import { eventually } from '../support/wait';
import { launchBrowser, screenshot } from './browser';

describe('a lost login code, replaced in a real browser', () => {
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
    // Without the invite link the page follows the browser's language: a Dutch employee's.
    page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'nl-NL' });
  });
  afterAll(async () => {
    await browser?.close();
    await h.close();
    await sink.close();
  });

  const invites = (to: string, count: number) =>
    eventually(`${count} invites to ${to}`, () => {
      const mails = sink.to(to).filter((m) => /Welkom/.test(m.subject ?? ''));
      return Promise.resolve(mails.length >= count ? mails : undefined);
    });

  it('asks for a new code by address, gets it by mail and redeems it', async () => {
    const email = `lost-${randomBytes(4).toString('hex')}@example.nl`;
    const hire = await h.hr('POST', '/api/v1/onboardings', newHire({ email }));
    expect(hire.status).toBe(202);
    const [lost] = await invites(email, 1);

    await page.goto(`${h.url}/login`);
    await page.getByRole('link', { name: 'Geen of verlopen logincode?' }).click();
    await page.waitForURL('**/login/new-code');
    await page.getByLabel('E-mailadres').fill(email);
    await page.getByRole('button', { name: 'Nieuwe logincode aanvragen' }).click();
    await page.getByText('Als dit adres bij een openstaande uitnodiging hoort').waitFor();
    await screenshot(page, '12-code-request');

    const [, replacement] = await invites(email, 2);
    const code = codeInInvite(replacement!.text);
    expect(code).toBeDefined();
    expect(code).not.toBe(codeInInvite(lost!.text));

    await page.getByRole('link', { name: 'Terug naar inloggen' }).click();
    await page.waitForURL('**/login');
    await page.getByRole('textbox', { name: /^Logincode/ }).fill(code!);
    await page.locator('form[action="/login/code"] button').click();
    await page.waitForURL('**/account/credentials');
    expect(await page.getByLabel('E-mailadres').inputValue()).toBe(email);
  });
});
