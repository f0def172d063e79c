import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { AccountRepository } from '../accounts/account.repository';
import type { AccountRecord } from '../accounts/account.schema';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { MailQueue } from '../mail/mail.queue';
import { RateLimiter } from '../security/rate-limiter';
import { SecretsService } from '../security/secrets.service';
import { SecurityEvents } from '../security/security-events';
import { SessionStore } from '../sessions/session.store';
import { AuthError } from './auth.errors';
import { AuthService } from './auth.service';

const RESET_TTL_SECONDS = 3600;
const HOUR_MS = 3_600_000;

/** "Wachtwoord vergeten": a single-use link by mail, then a new password under the same rules. */
@Injectable()
export class PasswordResets {
  constructor(
    private readonly auth: AuthService,
    private readonly accounts: AccountRepository,
    private readonly secrets: SecretsService,
    private readonly mail: MailQueue,
    private readonly redis: Redis,
    private readonly limits: RateLimiter,
    private readonly events: SecurityEvents,
    private readonly sessions: SessionStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Forgot password: e-mail or username in. The caller answers the same at once whatever
   * happens here, so neither the answer nor its timing tells whether the account exists.
   * At most RESET_MAILS_PER_HOUR mails go to one account, however often someone asks.
   */
  async requestPasswordReset(identifier: string, address: string): Promise<void> {
    await this.auth.countAddress('reset', address);
    const trimmed = identifier.trim();
    const account = trimmed.includes('@')
      ? await this.accounts.findByEmail(trimmed)
      : await this.accounts.findByUsername(trimmed);
    if (!account) return;
    const perHour = this.config.login.resetMailsPerHour;
    if (!(await this.limits.allow(`reset-mails:${account._id}`, perHour, HOUR_MS))) {
      this.events.record('reset_mail_limit', { accountId: account._id, outcome: 'refused' });
      return;
    }
    const token = randomBytes(32).toString('base64url');
    const tokenHash = this.secrets.hash(token);
    await this.redis.set(`password-reset:${tokenHash}`, account._id, 'EX', RESET_TTL_SECONDS);
    const link = `${this.config.http.publicUrl}/reset-password?token=${token}`;
    // One job per token: two requests in the same millisecond are two mails.
    await this.mail.enqueue(`reset.${account._id}.${tokenHash.slice(0, 16)}`, {
      template: 'password_reset',
      onboardingId: account._id,
      to: account.email,
      locale: account.locale,
      firstName: account.firstName,
      linkSealed: this.secrets.sealLink(account._id, link),
    });
    this.events.record('reset_requested', { accountId: account._id, outcome: 'done' });
  }

  /** The account a reset token belongs to, if it is still valid (it is not used up here). */
  async resetTarget(token: string): Promise<AccountRecord> {
    const id = await this.redis.get(`password-reset:${this.secrets.hash(token)}`);
    const account = id ? await this.accounts.get(id) : null;
    if (!account) throw new AuthError('invalid_reset_link');
    return account;
  }

  /**
   * Sets the new password and uses the token up; every session of the account ends (one may
   * be the intruder's), and 2FA is still asked at the next login. A password that breaks the
   * rules is refused (CredentialsRejectedError) and leaves the token usable.
   */
  async resetPassword(token: string, password: string, repeat: string): Promise<void> {
    const passwordHash = await this.auth.newPasswordHash(
      await this.resetTarget(token),
      password,
      repeat,
    );
    // Used up only now: of two submits of one link, one sets the password.
    const id = await this.redis.getdel(`password-reset:${this.secrets.hash(token)}`);
    const account = id ? await this.accounts.get(id) : null;
    if (!account) throw new AuthError('invalid_reset_link');
    await this.accounts.setPassword(account._id, passwordHash);
    await this.accounts.resetFailedLogins(account._id);
    await this.sessions.revokeAccount(account._id);
    await this.auth.sendSecurityNotice(account, 'password');
    this.events.record('reset_completed', { accountId: account._id, outcome: 'done' });
  }
}
