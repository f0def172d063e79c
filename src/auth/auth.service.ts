import { Inject, Injectable } from '@nestjs/common';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { AccountRepository, usernameKeyOf } from '../accounts/account.repository';
import type { AccountRecord } from '../accounts/account.schema';
import { CredentialsRejectedError } from '../activation/activation.errors';
import { credentialIssues } from '../activation/credential-rules';
import { normalizeRecoveryCode, verifiedTimeStep } from '../activation/totp';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { addressBucket } from '../http/client-address';
import { MailQueue, type SecurityChange } from '../mail/mail.queue';
import type { AuthenticationResponse } from '../passkeys/passkey.dto';
import { PasskeysService } from '../passkeys/passkeys.service';
import { hashPassword, verifyPassword } from '../security/password-hash';
import { RateLimiter } from '../security/rate-limiter';
import { SecretsService } from '../security/secrets.service';
import { SecurityEvents } from '../security/security-events';
import { SessionStore } from '../sessions/session.store';
import { AuthError } from './auth.errors';
import { passwordContext } from './password-context';

/** A hash to verify against when the username does not exist, so both take as long. */
const DUMMY_HASH = hashPassword(randomBytes(16).toString('hex'));

/**
 * Where a right password leads: the TOTP step, the first 2FA setup, or (after a 2FA reset)
 * the newly mailed code, which a new 2FA needs as well.
 */
export type FirstFactorResult = {
  account: AccountRecord;
  next: 'totp' | 'two_factor_setup' | 'reenroll';
};

/** Logging in after activation: password, then TOTP (or a recovery code), or a passkey. */
@Injectable()
export class AuthService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly secrets: SecretsService,
    private readonly mail: MailQueue,
    private readonly redis: Redis,
    private readonly limits: RateLimiter,
    private readonly events: SecurityEvents,
    private readonly sessions: SessionStore,
    private readonly passkeys: PasskeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  account(id: string): Promise<AccountRecord | null> {
    return this.accounts.get(id);
  }

  /**
   * Step 1: username and password. An unknown username, a wrong password and a locked account
   * answer alike and cost alike (one hash check, one lookup), so neither the answer nor its
   * timing tells which usernames exist; the real owner of a locked account hears it by mail.
   */
  async passwordLogin(
    username: string,
    password: string,
    address: string,
  ): Promise<FirstFactorResult> {
    await this.countAddress('login', address);
    const account = await this.accounts.findByUsername(username);
    return this.firstFactor(account, usernameKeyOf(username), password);
  }

  /** The password again, for an account the session knows (re-enrolment after a 2FA reset). */
  async confirmPassword(
    accountId: string,
    password: string,
    address: string,
  ): Promise<AccountRecord> {
    await this.countAddress('login', address);
    const account = await this.accounts.get(accountId);
    const { account: confirmed } = await this.firstFactor(
      account,
      account?.usernameKey ?? '',
      password,
    );
    this.events.record('password_confirmed', { accountId, outcome: 'success' });
    return confirmed;
  }

  private async firstFactor(
    account: AccountRecord | null,
    usernameKey: string,
    password: string,
  ): Promise<FirstFactorResult> {
    const matches = await verifyPassword(account?.passwordHash ?? (await DUMMY_HASH), password);
    const locked = account?.lockedUntil !== undefined && account.lockedUntil > new Date();
    if (!account || !matches || locked) {
      // The same single write for all three: it counts only for an existing, unlocked account.
      const { locked: nowLocked, until } = await this.accounts.recordFailedLogin(
        usernameKey,
        this.config.login.maxFailures,
        this.config.login.lockMs,
        new Date(),
      );
      this.events.record('wrong_password', { accountId: account?._id, outcome: 'failure' });
      if (account && nowLocked && until) await this.tellLocked(account, until);
      throw new AuthError('invalid_login');
    }
    const next =
      account.status === 'active'
        ? 'totp'
        : account.status === 'reenrolling'
          ? 'reenroll'
          : 'two_factor_setup';
    return { account, next };
  }

  /** Step 2 of the login: the second factor, then the login is on record. */
  async checkSecondFactor(accountId: string, input: string): Promise<AccountRecord> {
    const account = await this.secondFactor(accountId, input);
    this.events.record('login_succeeded', { accountId: account._id, outcome: 'success' });
    return account;
  }

  /**
   * A 6-digit code for the current time step (±1), never one used before, or a recovery code
   * (each works once); at login and before a change on the security page alike, so a wrong
   * one counts towards the lock either way. Success clears the failure count.
   */
  async secondFactor(accountId: string, input: string): Promise<AccountRecord> {
    const account = await this.accounts.get(accountId);
    if (!account || account.status !== 'active') throw new AuthError('invalid_login');
    // The password is proven here: telling that the account is locked reveals nothing new.
    if (account.lockedUntil && account.lockedUntil > new Date()) {
      throw new AuthError('locked', account.lockedUntil);
    }
    const code = input.replace(/\s/g, '');
    if (/^\d{6}$/.test(code)) {
      // An account with passkeys only has no app: a 6-digit code is simply wrong.
      if (!account.totpSecretSealed) throw await this.secondFactorFailure(account, 'invalid_totp');
      const secret = this.secrets.openTotpSecret(account._id, account.totpSecretSealed);
      const step = await verifiedTimeStep(secret, code);
      if (step === null) throw await this.secondFactorFailure(account, 'invalid_totp');
      if (!(await this.accounts.claimTotpStep(account._id, step))) {
        throw await this.secondFactorFailure(account, 'totp_replayed');
      }
    } else {
      const used = await this.accounts.consumeRecoveryCode(
        account._id,
        this.secrets.hash(normalizeRecoveryCode(code)),
      );
      if (!used) throw await this.secondFactorFailure(account, 'invalid_totp');
      this.events.record('recovery_code_used', {
        accountId: account._id,
        outcome: 'success',
        count: account.recoveryCodeHashes.length - 1,
      });
    }
    await this.accounts.resetFailedLogins(account._id);
    return account;
  }

  /**
   * A challenge for a passkey sign-in; anyone may ask, so asking counts per address like a
   * login (each challenge is a Redis key for two minutes).
   */
  async passkeyLoginOptions(
    sessionId: string,
    address: string,
    expected?: string,
  ): Promise<PublicKeyCredentialRequestOptionsJSON> {
    await this.countAddress('login', address);
    return this.passkeys.authenticationOptions(sessionId, expected);
  }

  /**
   * Both factors at once: a passkey with user verification. `expected`: the account whose
   * password this session proved already (the passkey as its second step), else any account
   * (no username typed). Tries count per address like password logins; a locked account stays
   * locked.
   */
  async passkeyLogin(
    sessionId: string,
    response: AuthenticationResponse,
    address: string,
    expected?: string,
  ): Promise<AccountRecord> {
    await this.countAddress('login', address);
    const account = await this.passkeys.authenticate(sessionId, response);
    if (account.status !== 'active' || (expected !== undefined && account._id !== expected)) {
      throw new AuthError('invalid_login');
    }
    if (account.lockedUntil && account.lockedUntil > new Date()) {
      throw new AuthError('locked', account.lockedUntil);
    }
    await this.accounts.resetFailedLogins(account._id);
    this.events.record('login_succeeded', {
      accountId: account._id,
      outcome: 'success',
      reason: 'passkey',
    });
    return account;
  }

  /** The hash of a new password that keeps the rules of activation, else CredentialsRejectedError. */
  async newPasswordHash(account: AccountRecord, password: string, repeat: string): Promise<string> {
    const { username, email } = account;
    const context = passwordContext(this.config, account, { username });
    const issues = credentialIssues({ username, email, password, repeat }, context);
    if (issues.length > 0) throw new CredentialsRejectedError(issues);
    return hashPassword(password);
  }

  /** Tells the account's address about a change, should it not have been them. */
  async sendSecurityNotice(account: AccountRecord, change: SecurityChange): Promise<void> {
    await this.mail.enqueue(`notice.${account._id}.${change}.${Date.now()}`, {
      template: 'security_notice',
      onboardingId: account._id,
      to: account.email,
      locale: account.locale,
      firstName: account.firstName,
      change,
    });
  }

  private async tellLocked(account: AccountRecord, until: Date): Promise<void> {
    this.events.record('login_lockout', { accountId: account._id, outcome: 'done' });
    await this.mail.enqueue(`locked.${account._id}.${until.getTime()}`, {
      template: 'security_notice',
      onboardingId: account._id,
      to: account.email,
      locale: account.locale,
      firstName: account.firstName,
      change: 'locked',
      deadline: until.toISOString(),
    });
  }

  private async secondFactorFailure(
    account: AccountRecord,
    problem: 'invalid_totp' | 'totp_replayed',
  ): Promise<AuthError> {
    const { maxFailures, lockMs } = this.config.login;
    const { until, locked } = await this.accounts.recordFailedLogin(
      account.usernameKey,
      maxFailures,
      lockMs,
      new Date(),
    );
    this.events.record(problem === 'invalid_totp' ? 'wrong_totp' : 'totp_replay', {
      accountId: account._id,
      outcome: 'failure',
    });
    if (locked && until) await this.tellLocked(account, until);
    return new AuthError(problem, until);
  }

  /** Tries per client address (IPv6 by /64), across usernames. */
  async countAddress(kind: 'login' | 'reset', address: string): Promise<void> {
    const { maxPerAddress, lockMs } = this.config.login;
    const key = `${kind}-attempts:${addressBucket(address)}`;
    if (!(await this.limits.allow(key, maxPerAddress, lockMs))) {
      this.events.record('login_address_limit', { outcome: 'refused' });
      throw new AuthError('too_many_attempts');
    }
  }
}
