import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { simpleParser } from 'mailparser';
import { WebClient, type WebPage } from '../test/support/browser-less';
import { codeInInvite, totpKeyOn } from '../test/support/employee';
import { totpNow } from '../test/support/totp';

export interface Invite {
  onboardingId: string;
  email: string;
  /** The login code as the invite mail shows it (`X9P4 XD7S 9RTE`). */
  code: string;
}

/** Milliseconds the employee waited at each step: the submit and the page it leads to. */
export interface FlowTimings {
  open: number;
  code: number;
  credentials: number;
  twoFactor: number;
  total: number;
}

/** Reads the login code out of a raw invite, as the employee reads their mail. */
export async function inviteFromMail(raw: Buffer, onboardingId: string): Promise<Invite> {
  const mail = await simpleParser(raw);
  const code = codeInInvite(mail.text);
  const to = [mail.to ?? []].flat()[0]?.value[0]?.address;
  if (!code || !to) throw new Error(`no login code in the invite for ${onboardingId}`);
  return { onboardingId, email: to, code };
}

/**
 * The whole employee flow over HTTP, like the browser would walk it: the invite link, the
 * login code, username and password, then 2FA with a TOTP computed from the key on the page.
 */
export async function activate(
  baseUrl: string,
  invite: Invite,
  username: string,
): Promise<FlowTimings> {
  const web = new WebClient(baseUrl);
  const flowStart = performance.now();
  const step = async (fn: () => Promise<WebPage>): Promise<[WebPage, number]> => {
    const start = performance.now();
    const page = await fn();
    return [page, performance.now() - start];
  };

  const [login, open] = await step(() => web.get(`/login?invite=${invite.onboardingId}`));
  expectStatus(login, 200);
  const [credentialsPage, code] = await step(() =>
    submit(web, '/login/code', login, { code: invite.code, invite: invite.onboardingId }),
  );
  // Random and long: the strength rules (zxcvbn, no personal data) must never refuse it.
  const password = `Tulp-${randomBytes(9).toString('base64url')}-7k`;
  const [twoFactorPage, credentials] = await step(() =>
    submit(web, '/account/credentials', credentialsPage, {
      email: invite.email,
      username,
      password,
      repeat: password,
    }),
  );
  const key = totpKeyOn(twoFactorPage);
  if (!key) throw new Error(`no TOTP key on ${twoFactorPage.url}: ${snippet(twoFactorPage)}`);
  const [recovery, twoFactor] = await step(() =>
    submit(web, '/account/2fa', twoFactorPage, { token: totpNow(key) }),
  );
  if (!recovery.body.includes('id="recovery-codes"')) {
    throw new Error(`2FA not activated for ${invite.onboardingId}: ${snippet(recovery)}`);
  }
  return { open, code, credentials, twoFactor, total: performance.now() - flowStart };
}

/** Posts the form on `page` with its CSRF token and follows the 303, as a browser does. */
async function submit(
  web: WebClient,
  path: string,
  page: WebPage,
  form: Record<string, string>,
): Promise<WebPage> {
  const answer = await web.post(path, { ...form, _csrf: WebClient.csrf(page) });
  expectStatus(answer, 303);
  const next = await web.get(answer.location ?? '/');
  expectStatus(next, 200);
  return next;
}

function expectStatus(page: WebPage, status: number): void {
  if (page.status !== status) {
    throw new Error(`${page.url} answered ${page.status}, not ${status}: ${snippet(page)}`);
  }
}

/** The error the page shows, if any, for a readable failure message. */
function snippet(page: WebPage): string {
  const alert = /role="alert"[^>]*>([\s\S]{0,200})/.exec(page.body)?.[1];
  return (alert ?? page.body.slice(0, 200)).replace(/\s+/g, ' ').replace(/<[^>]+>/g, '');
}
