import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { AccountRepository } from '../accounts/account.repository';
import type { AccountRecord } from '../accounts/account.schema';
import { normalizeRecoveryCode, verifiedTimeStep } from '../activation/activation.service';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { MailQueue } from '../mail/mail.queue';
import { Metrics } from '../metrics/metrics';
import { hashPassword, verifyPassword } from '../security/password-hash';
import { SecretsService } from '../security/secrets.service';
import { AuthError } from './auth.errors';

const RESET_TTL_SECONDS = 3600;

const FAILURE_EVENT = {
  invalid_login: 'wrong_password',
  invalid_totp: 'wrong_totp',
  totp_replayed: 'totp_replay',
} as const;

/** A hash to verify against when the username does not exist, so both take as long. */
const DUMMY_HASH = hashPassword(randomBytes(16).toString('hex'));

export type FirstFactorResult = { account: AccountRecord; next: 'totp' | 'two_factor_setup' };

/** Logging in after activation: password, then TOTP (or a recovery code); password reset. */
@Injectable()
export class AuthService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly secrets: SecretsService,
    private readonly mail: MailQueue,
    private readonly redis: Redis,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  account(id: string): Promise<AccountRecord | null> {
    return this.accounts.get(id);
  }

  /** Step 1: username and password. Someone without 2FA yet goes on to set it up. */
  async checkPassword(
    username: string,
    password: string,
    address: string,
  ): Promise<FirstFactorResult> {
    await this.countAddress(`login-attempts:${address}`);
    const account = await this.accounts.findByUsername(username);
    if (!account) {
      await verifyPassword(await DUMMY_HASH, password);
      throw new AuthError('invalid_login');
    }
    this.assertNotLocked(account);
    if (!(await verifyPassword(account.passwordHash, password))) {
      throw await this.failure(account, 'invalid_login');
    }
    return { account, next: account.status === 'active' ? 'totp' : 'two_factor_setup' };
  }

  /**
   * Step 2: a 6-digit code for the current time step (±1), never one used before, or a
   * recovery code (each works once). Success clears the failure count.
   */
  async checkSecondFactor(accountId: string, input: string): Promise<AccountRecord> {
    const account = await this.accounts.get(accountId);
    if (!account?.totpSecretSealed || account.status !== 'active')
      throw new AuthError('invalid_login');
    this.assertNotLocked(account);
    const code = input.replace(/\s/g, '');
    if (/^\d{6}$/.test(code)) {
      const secret = this.secrets.openTotpSecret(account._id, account.totpSecretSealed);
      const step = await verifiedTimeStep(secret, code);
      if (step === null) throw await this.failure(account, 'invalid_totp');
      if (!(await this.accounts.claimTotpStep(account._id, step))) {
        throw await this.failure(account, 'totp_replayed');
      }
    } else if (
      !(await this.accounts.consumeRecoveryCode(
        account._id,
        this.secrets.hash(normalizeRecoveryCode(code)),
      ))
    ) {
      throw await this.failure(account, 'invalid_totp');
    }
    await this.accounts.resetFailedLogins(account._id);
    return account;
  }

  /**
   * Forgot password: e-mail or username in. The caller answers the same at once whatever
   * happens here, so neither the answer nor its timing tells whether the account exists.
   */
  async requestPasswordReset(identifier: string, address: string): Promise<void> {
    await this.countAddress(`reset-requests:${address}`);
    const trimmed = identifier.trim();
    const account = trimmed.includes('@')
      ? await this.accounts.findByEmail(trimmed)
      : await this.accounts.findByUsername(trimmed);
    if (!account) return;
    const token = randomBytes(32).toString('base64url');
    await this.redis.set(
      `password-reset:${this.secrets.hash(token)}`,
      account._id,
      'EX',
      RESET_TTL_SECONDS,
    );
    const link = `${this.config.http.publicUrl}/reset-password?token=${token}`;
    await this.mail.enqueue(`reset.${account._id}.${Date.now()}`, {
      template: 'password_reset',
      onboardingId: account._id,
      to: account.email,
      locale: account.locale,
      firstName: account.firstName,
      linkSealed: this.secrets.sealLink(account._id, link),
    });
  }

  /** The account a reset token belongs to, if it is still valid (it is not used up here). */
  async resetTarget(token: string): Promise<AccountRecord> {
    const id = await this.redis.get(`password-reset:${this.secrets.hash(token)}`);
    const account = id ? await this.accounts.get(id) : null;
    if (!account) throw new AuthError('invalid_reset_link');
    return account;
  }

  /** Sets the new password and uses the token up; 2FA is still asked at the next login. */
  async resetPassword(token: string, passwordHash: string): Promise<void> {
    const id = await this.redis.getdel(`password-reset:${this.secrets.hash(token)}`);
    const account = id ? await this.accounts.get(id) : null;
    if (!account) throw new AuthError('invalid_reset_link');
    await this.accounts.setPassword(account._id, passwordHash);
    await this.accounts.resetFailedLogins(account._id);
    await this.mail.enqueue(`notice.${account._id}.${Date.now()}`, {
      template: 'security_notice',
      onboardingId: account._id,
      to: account.email,
      locale: account.locale,
      firstName: account.firstName,
      change: 'password',
    });
  }

  private assertNotLocked(account: AccountRecord): void {
    if (account.lockedUntil && account.lockedUntil > new Date()) {
      throw new AuthError('locked', account.lockedUntil);
    }
  }

  private async failure(
    account: AccountRecord,
    problem: 'invalid_login' | 'invalid_totp' | 'totp_replayed',
  ): Promise<AuthError> {
    const { maxFailures, lockMs } = this.config.login;
    const { until, locked } = await this.accounts.recordFailedLogin(
      account._id,
      maxFailures,
      lockMs,
      new Date(),
    );
    this.metrics.securityEvents.inc({ event: FAILURE_EVENT[problem] });
    if (locked) this.metrics.securityEvents.inc({ event: 'login_lockout' });
    return new AuthError(problem, until);
  }

  private async countAddress(key: string): Promise<void> {
    const { maxPerAddress, lockMs } = this.config.login;
    const tries = await this.redis.incr(key);
    if (tries === 1) await this.redis.pexpire(key, lockMs);
    if (tries > maxPerAddress) {
      this.metrics.securityEvents.inc({ event: 'login_address_limit' });
      throw new AuthError('too_many_attempts');
    }
  }
}
