import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { constantTimeEqual } from '../security/keyring';

export type Stage = 'credentials' | 'two_factor_setup' | 'totp' | 'authenticated';

/** What a browser session holds; never a password, code or secret in the clear. */
export interface SessionData {
  csrf: string;
  /** The language the person picked with the switch. */
  locale?: 'nl' | 'en';
  /** The language of their onboarding, once known: used when they picked none. */
  onboardingLocale?: 'nl' | 'en';
  onboardingId?: string;
  accountId?: string;
  stage?: Stage;
  /** Shown once on the page after 2FA activation, then dropped. */
  recoveryCodes?: string[];
  /** A one-time message for the next page. */
  notice?: string;
}

export type WebRequest = Request & { session: Session };

/**
 * A server-side session in Redis: 256-bit random id in an HttpOnly, SameSite=Lax cookie
 * (`__Host-` and Secure in production), 30 minutes idle timeout, a new id at each login.
 */
export class Session {
  constructor(
    private readonly store: SessionStore,
    public id: string,
    public data: SessionData,
  ) {}

  /** A new id for the same browser, so a session id seen before login is worthless after. */
  async rotate(): Promise<void> {
    await this.store.delete(this.id);
    this.id = newId();
    this.data.csrf = newId();
  }

  /** Saves the session (renewing its idle timeout) and sets its cookie on the answer. */
  async commit(res: Response): Promise<void> {
    await this.store.save(this);
    res.cookie(this.store.cookieName, this.id, this.store.cookieOptions());
  }

  async destroy(): Promise<void> {
    await this.store.delete(this.id);
    this.id = newId();
    this.data = {
      csrf: newId(),
      locale: this.data.locale,
      onboardingLocale: this.data.onboardingLocale,
    };
  }

  validCsrf(token: unknown): boolean {
    return typeof token === 'string' && constantTimeEqual(token, this.data.csrf);
  }
}

function newId(): string {
  return randomBytes(32).toString('base64url');
}

@Injectable()
export class SessionStore {
  readonly cookieName: string;

  constructor(
    private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.cookieName = config.env === 'production' ? '__Host-session' : 'session';
  }

  cookieOptions() {
    return {
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: this.config.env === 'production',
      path: '/',
      maxAge: this.config.login.sessionIdleMs,
    };
  }

  async load(id: string | undefined): Promise<Session> {
    if (id && /^[\w-]{43}$/.test(id)) {
      const raw = await this.redis.get(this.key(id));
      if (raw) return new Session(this, id, JSON.parse(raw) as SessionData);
    }
    return new Session(this, newId(), { csrf: newId() });
  }

  async save(session: Session): Promise<void> {
    await this.redis.set(
      this.key(session.id),
      JSON.stringify(session.data),
      'PX',
      this.config.login.sessionIdleMs,
    );
  }

  async delete(id: string): Promise<void> {
    await this.redis.del(this.key(id));
  }

  private key(id: string): string {
    return `session:${id}`;
  }
}

/** Loads the session for the web pages; the page saves it when it answers (Session.commit). */
@Injectable()
export class SessionMiddleware implements NestMiddleware {
  constructor(private readonly store: SessionStore) {}

  async use(req: Request, _res: Response, next: NextFunction): Promise<void> {
    (req as WebRequest).session = await this.store.load(readCookie(req, this.store.cookieName));
    next();
  }
}

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.header('cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      // Malformed percent-encoding: no session of ours, so the browser gets a new one.
      return undefined;
    }
  }
  return undefined;
}
