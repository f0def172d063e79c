import type { Response } from 'express';
import { randomBytes } from 'node:crypto';
import type { Locale } from '../i18n/i18n';
import { constantTimeEqual } from '../security/keyring';
import type { Device } from './device';

/**
 * Where a browser is in the flow. `reenroll`: after a 2FA reset, the session has proven one
 * factor (the mailed code or the password) and needs the other before the new 2FA setup.
 */
export type Stage = 'credentials' | 'two_factor_setup' | 'reenroll' | 'totp' | 'authenticated';

export type Proof = 'code' | 'password';

/** What a browser session holds; secrets only sealed, never a password. */
export interface SessionData {
  /** The language the person picked with the switch. */
  locale?: Locale;
  /** The language of their onboarding, once known: used when they picked none. */
  onboardingLocale?: Locale;
  /** The onboarding id, which is also the account id: whose flow or account this session is. */
  accountId?: string;
  stage?: Stage;
  /** The factors proven for a re-enrolment after a 2FA reset (stage `reenroll`). */
  proofs?: Proof[];
  /** The TOTP secret of the 2FA page shown last, sealed; on the account only once verified. */
  pendingTotpSealed?: string;
  /** Shown once on the page after 2FA activation, then dropped; sealed. */
  recoveryCodesSealed?: string;
  /** A one-time message for the next page. */
  notice?: string;
  /** Until when (epoch ms) the security page may add a passkey: both factors were proven. */
  passkeyEnrolUntil?: number;
  /** Epoch ms of the sign-in step that made this session: it ends an absolute lifetime later. */
  startedAt?: number;
  /** Of a session with an account, written at every save: for the list of their sessions. */
  device?: Device;
  lastSeenAt?: number;
}

export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/** The store side a session needs; SessionStore implements it. */
export interface SessionBackend {
  save(session: Session): Promise<void>;
  delete(id: string): Promise<void>;
  setCookie(res: Response, id: string): void;
  csrfFor(id: string): string;
}

/**
 * A server-side session: a 256-bit random id in a cookie, the data in Redis, and only once
 * there is something to keep (an anonymous visitor costs no Redis write). The CSRF token is a
 * keyed hash of the id, so a form works before anything is stored.
 */
export class Session {
  /** The browser of the current request (not the stored one): saved with the session. */
  device: Device = {};

  constructor(
    private readonly backend: SessionBackend,
    public id: string,
    public data: SessionData,
    /** Whether Redis holds this id now. */
    private stored: boolean,
  ) {}

  get csrf(): string {
    return this.backend.csrfFor(this.id);
  }

  /**
   * A new id for a new sign-in step, so an id seen before is worthless after; nothing of the
   * previous stage comes along, only the language, then what this step knows (`step`).
   */
  async rotate(step: SessionData = {}, now = Date.now()): Promise<void> {
    if (this.stored) await this.backend.delete(this.id);
    this.stored = false;
    this.id = newSessionId();
    this.data = { ...this.language(), startedAt: now, ...step };
  }

  /** Saves the session (renewing its idle timeout), or drops it when it holds nothing. */
  async commit(res: Response): Promise<void> {
    if (Object.keys(this.data).length > 0) {
      await this.backend.save(this);
      this.stored = true;
    } else if (this.stored) {
      await this.backend.delete(this.id);
      this.stored = false;
    }
    this.backend.setCookie(res, this.id);
  }

  /** Logs out: a new, empty session that keeps only the language. */
  async destroy(): Promise<void> {
    if (this.stored) await this.backend.delete(this.id);
    this.stored = false;
    this.id = newSessionId();
    this.data = this.language();
  }

  validCsrf(token: unknown): boolean {
    return typeof token === 'string' && constantTimeEqual(token, this.csrf);
  }

  private language(): SessionData {
    const { locale, onboardingLocale } = this.data;
    return {
      ...(locale ? { locale } : {}),
      ...(onboardingLocale ? { onboardingLocale } : {}),
    };
  }
}
