import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { SecretsService } from '../security/secrets.service';
import { SecurityEvents } from '../security/security-events';
import type { Device } from './device';
import { newSessionId, Session, type SessionBackend, type SessionData } from './session';

const ID = /^[\w-]{43}$/;

/** A signed-in session of an account, as its owner sees it in the list. */
export interface SessionSummary {
  id: string;
  device: Device;
  firstSeen: Date;
  lastSeen: Date;
}

/**
 * Sessions in Redis: HttpOnly, SameSite=Lax cookies (`__Host-` and Secure in production), an
 * idle timeout renewed on use and an absolute lifetime from sign-in. Each account keeps the
 * ids of its sessions, so a password or 2FA reset can end every one of them, and its owner
 * can see them (device, first and last seen) on the security page.
 * Hand-written, not express-session with connect-redis: those cannot list an account's
 * sessions to end them all, nor hold an absolute lifetime next to the idle one.
 */
@Injectable()
export class SessionStore implements SessionBackend {
  readonly cookieName: string;

  constructor(
    private readonly redis: Redis,
    private readonly secrets: SecretsService,
    private readonly events: SecurityEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.cookieName = config.env === 'production' ? '__Host-session' : 'session';
  }

  setCookie(res: Response, id: string): void {
    res.cookie(this.cookieName, id, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.env === 'production',
      path: '/',
      maxAge: this.config.login.sessionIdleMs,
    });
  }

  /**
   * The synchroniser token: a keyed hash of the session id, so it needs no storage of its own
   * (csrf-csrf and the like add a second cookie for what this gives already).
   */
  csrfFor(id: string): string {
    return this.secrets.hash(`csrf:${id}`);
  }

  /** The session of this cookie id; an unknown id stays (its forms keep working), a bad one does not. */
  async load(id: string | undefined, now = Date.now()): Promise<Session> {
    if (!id || !ID.test(id)) return new Session(this, newSessionId(), {}, false);
    const raw = await this.redis.get(this.key(id));
    if (!raw) return new Session(this, id, {}, false);
    const data = JSON.parse(raw) as SessionData;
    if (
      data.startedAt === undefined ||
      now < data.startedAt + this.config.login.sessionAbsoluteMs
    ) {
      return new Session(this, id, data, true);
    }
    // Past its absolute lifetime: gone, however active it was.
    await this.delete(id);
    const { locale, onboardingLocale } = data;
    return new Session(this, newSessionId(), { locale, onboardingLocale }, false);
  }

  async save(session: Session, now = Date.now()): Promise<void> {
    const { idleMs, absoluteMs } = this.lifetimes();
    const startedAt = session.data.startedAt;
    const ttl = startedAt === undefined ? idleMs : Math.min(idleMs, startedAt + absoluteMs - now);
    if (ttl <= 0) return this.delete(session.id);
    const owner = session.data.accountId;
    // Device and last seen ride along with the write every answer makes anyway.
    const data = owner
      ? { ...session.data, device: session.device, lastSeenAt: now }
      : session.data;
    const tx = this.redis.multi().set(this.key(session.id), JSON.stringify(data), 'PX', ttl);
    if (owner) {
      tx.sadd(this.indexKey(owner), session.id).pexpire(this.indexKey(owner), absoluteMs);
    }
    await tx.exec();
  }

  async delete(id: string): Promise<void> {
    await this.redis.del(this.key(id));
  }

  /** Ends every session of an account (the onboarding's id), on the security log. */
  async revokeAccount(accountId: string): Promise<void> {
    const ids = await this.redis.smembers(this.indexKey(accountId));
    const keys = ids.map((id) => this.key(id));
    const ended = keys.length ? await this.redis.del(...keys) : 0;
    await this.redis.del(this.indexKey(accountId));
    this.events.record('sessions_revoked', { accountId, outcome: 'done', count: ended });
  }

  /**
   * The signed-in sessions of an account, last seen first. Ids whose session has expired
   * leave the index here (Redis cannot expire members of a set).
   */
  async listAccount(accountId: string): Promise<SessionSummary[]> {
    const ids = await this.redis.smembers(this.indexKey(accountId));
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(...ids.map((id) => this.key(id)));
    const gone = ids.filter((_, i) => !raws[i]);
    if (gone.length) await this.redis.srem(this.indexKey(accountId), ...gone);
    return ids
      .flatMap((id, i) => {
        const data = JSON.parse(raws[i] ?? '{}') as SessionData;
        if (data.stage !== 'authenticated' || data.accountId !== accountId) return [];
        const { startedAt = 0, lastSeenAt = startedAt, device = {} } = data;
        return [{ id, device, firstSeen: new Date(startedAt), lastSeen: new Date(lastSeenAt) }];
      })
      .sort((a, b) => b.lastSeen.getTime() - a.lastSeen.getTime());
  }

  private lifetimes() {
    return {
      idleMs: this.config.login.sessionIdleMs,
      absoluteMs: this.config.login.sessionAbsoluteMs,
    };
  }

  private key(id: string): string {
    return `session:${id}`;
  }

  private indexKey(accountId: string): string {
    return `account-sessions:${accountId}`;
  }
}
