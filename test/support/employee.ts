import { randomBytes } from 'node:crypto';
import { WebClient, type WebPage } from './browser-less';
import { totpNow } from './totp';

/** A step of the employee's web flow, named by the status it leads away from. */
export type EmployeeStep = 'invited' | 'code_redeemed' | 'credentials_set';

/** Where each step leads when it works: the next page of the flow. */
const NEXT_PAGE: Record<EmployeeStep, string> = {
  invited: '/account/credentials',
  code_redeemed: '/account/2fa',
  credentials_set: '/account/recovery-codes',
};

/** The login code as the invite mail's text part shows it. */
export function codeInInvite(text: string | undefined): string | undefined {
  return /logincode: ([A-Z0-9]{4} [A-Z0-9]{4} [A-Z0-9]{4})/.exec(text ?? '')?.[1];
}

/** The TOTP key printed under the QR code, as a phone would scan it. */
export function totpKeyOn(page: WebPage): string | undefined {
  return /id="totp-key">([^<]+)</.exec(page.body)?.[1]?.replace(/\s/g, '');
}

/**
 * One new hire walking the web flow over HTTP, with their own cookies, as a browser without
 * JavaScript would. Each step answers whether the server moved on to the next page.
 */
export class Employee {
  readonly web: WebClient;
  /** What the last page that did not move on said, for failure messages. */
  lastRefusal = '';

  constructor(
    baseUrl: string,
    readonly onboardingId: string,
    readonly username: string,
    // Strong, and unrelated to the name: the policy refuses a password holding the username.
    readonly password = `Molen-Gracht-${randomBytes(4).toString('hex')}-2026!`,
  ) {
    this.web = new WebClient(baseUrl);
  }

  /** Takes the step that leaves `from`; true when the server went on to the next page. */
  async take(from: EmployeeStep, code?: string): Promise<boolean> {
    if (from === 'invited') {
      if (!code) throw new Error('redeeming needs the login code from the invite');
      return this.redeem(code);
    }
    return from === 'code_redeemed' ? this.setCredentials() : this.activateTwoFactor();
  }

  /**
   * After a lost page (a crash mid-request), back to where `from` is taken: the code works
   * until credentials are set, and a password without 2FA leads to the 2FA setup.
   */
  async resume(from: EmployeeStep, code?: string): Promise<void> {
    if (from === 'code_redeemed' && code) await this.redeem(code);
    if (from === 'credentials_set') await this.logIn();
  }

  async logIn(): Promise<WebPage> {
    const login = await this.web.get('/login');
    return this.web.post('/login', {
      username: this.username,
      password: this.password,
      _csrf: WebClient.csrf(login),
    });
  }

  async redeem(code: string): Promise<boolean> {
    const login = await this.web.get(`/login?invite=${this.onboardingId}`);
    // No form at all (the page says the service is briefly away): nothing to submit.
    if (!login.body.includes('name="_csrf"')) return this.movedTo(login, NEXT_PAGE.invited);
    const page = await this.web.post('/login/code', {
      code,
      invite: this.onboardingId,
      _csrf: WebClient.csrf(login),
    });
    return this.movedTo(page, NEXT_PAGE.invited);
  }

  async setCredentials(username = this.username): Promise<boolean> {
    const form = await this.web.get('/account/credentials');
    const email = /name="email"[^>]*value="([^"]*)"/.exec(form.body)?.[1] ?? '';
    const page = await this.web.post('/account/credentials', {
      _csrf: WebClient.csrf(form),
      email,
      username,
      password: this.password,
      repeat: this.password,
    });
    return this.movedTo(page, NEXT_PAGE.code_redeemed);
  }

  /** Reads the key under the QR code, as a phone would scan it, and types the current code. */
  async activateTwoFactor(): Promise<boolean> {
    const form = await this.web.get('/account/2fa');
    const key = totpKeyOn(form);
    if (!key) return this.movedTo(form, NEXT_PAGE.credentials_set);
    const page = await this.web.post('/account/2fa', {
      _csrf: WebClient.csrf(form),
      token: totpNow(key),
    });
    return this.movedTo(page, NEXT_PAGE.credentials_set);
  }

  private movedTo(page: WebPage, next: string): boolean {
    if (page.location === next) return true;
    const summary = /id="error-summary">([\s\S]*?)<\/div>/.exec(page.body)?.[1];
    const said = (summary ?? page.body)
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    this.lastRefusal = `${page.url}: HTTP ${page.status} ${page.location ?? ''} ${said.slice(0, 200)}`;
    return false;
  }
}
