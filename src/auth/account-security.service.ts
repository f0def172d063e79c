import { Injectable } from '@nestjs/common';
import { AccountRepository } from '../accounts/account.repository';
import type { AccountRecord } from '../accounts/account.schema';
import type { PasskeyRecord } from '../accounts/passkey.schema';
import { ActivationError } from '../activation/activation.errors';
import { ActivationService } from '../activation/activation.service';
import { verifiedTimeStep } from '../activation/totp';
import type { SecurityChange } from '../mail/mail.queue';
import type { RegistrationResponse } from '../passkeys/passkey.dto';
import { PasskeysService } from '../passkeys/passkeys.service';
import { SecretsService } from '../security/secrets.service';
import { type SecurityEvent, SecurityEvents } from '../security/security-events';
import { SessionStore, type SessionSummary } from '../sessions/session.store';
import { AuthError } from './auth.errors';
import { AuthService } from './auth.service';

/** Both factors again, as at login, before credentials change. */
export interface Reauthentication {
  password: string;
  /** A current TOTP code or a recovery code. */
  secondFactor: string;
}

/** The only authenticator an active account may switch to from the security page. */
const ACTIVE = ['active'] as const;

/**
 * The security page of an active employee: a new password, a new authenticator, new recovery
 * codes, their sessions. Every change mails a notice and is on the security log; a change of
 * credentials ends every session of the account, and the caller continues under a new id.
 */
@Injectable()
export class AccountSecurity {
  constructor(
    private readonly auth: AuthService,
    private readonly activation: ActivationService,
    private readonly accounts: AccountRepository,
    private readonly passkeys: PasskeysService,
    private readonly secrets: SecretsService,
    private readonly sessions: SessionStore,
    private readonly events: SecurityEvents,
  ) {}

  async account(accountId: string): Promise<AccountRecord> {
    const account = await this.auth.account(accountId);
    if (account?.status !== 'active') throw new AuthError('invalid_login');
    return account;
  }

  listSessions(accountId: string): Promise<SessionSummary[]> {
    return this.sessions.listAccount(accountId);
  }

  /** The rules are checked first: a refused password spends no one-time code. */
  async changePassword(
    accountId: string,
    input: Reauthentication & { newPassword: string; repeat: string },
    address: string,
  ): Promise<void> {
    const account = await this.account(accountId);
    const hash = await this.auth.newPasswordHash(account, input.newPassword, input.repeat);
    await this.reauthenticate(accountId, input, address);
    await this.accounts.setPassword(accountId, hash);
    await this.sessions.revokeAccount(accountId);
    await this.changed(account, 'password', 'password_changed');
  }

  /** Step 1 of a new authenticator: a fresh secret to show, once both factors are proven. */
  async startAuthenticatorChange(
    accountId: string,
    proof: Reauthentication,
    address: string,
  ): Promise<{ otpauthUri: string; secret: string }> {
    await this.reauthenticate(accountId, proof, address);
    return this.activation.totpEnrolment(accountId, undefined, ACTIVE);
  }

  /** The QR code and key of a secret step 1 handed out, to show again. */
  authenticatorEnrolment(accountId: string, secret: string) {
    return this.activation.totpEnrolment(accountId, secret, ACTIVE);
  }

  /** Step 2: a code from the new app replaces the account's secret; the old one stops working. */
  async replaceAuthenticator(accountId: string, secret: string, token: string): Promise<void> {
    const account = await this.account(accountId);
    const step = await verifiedTimeStep(secret, token.replace(/\s/g, ''));
    if (step === null) {
      this.events.record('wrong_totp', { accountId, outcome: 'failure' });
      throw new ActivationError('invalid_totp');
    }
    const sealed = this.secrets.sealTotpSecret(accountId, secret);
    if (!(await this.accounts.replaceTotp(accountId, sealed, step))) {
      throw new AuthError('invalid_login');
    }
    await this.sessions.revokeAccount(accountId);
    await this.changed(account, 'two_factor', 'authenticator_changed');
  }

  /**
   * New recovery codes after a second factor, to be shown once; the old set stops working, and
   * so does every session (one may have been opened with a code of the old set).
   */
  async renewRecoveryCodes(accountId: string, secondFactor: string): Promise<string[]> {
    const account = await this.auth.secondFactor(accountId, secondFactor);
    const codes = await this.activation.issueRecoveryCodes(accountId);
    await this.sessions.revokeAccount(accountId);
    await this.changed(account, 'recovery_codes_renewed', 'recovery_codes_renewed');
    return codes;
  }

  listPasskeys(accountId: string): Promise<PasskeyRecord[]> {
    return this.passkeys.list(accountId);
  }

  /**
   * Before a new passkey: both factors, as for a new authenticator (a passkey alone signs in,
   * so a borrowed session must not add one).
   */
  async allowPasskeyAdd(accountId: string, proof: Reauthentication, address: string) {
    await this.account(accountId);
    await this.reauthenticate(accountId, proof, address);
  }

  /** Verifies and stores the new passkey; every other session ends. */
  async addPasskey(
    accountId: string,
    sessionId: string,
    response: RegistrationResponse,
    name: string,
  ): Promise<void> {
    const account = await this.account(accountId);
    await this.passkeys.register(account, sessionId, response, name);
    await this.sessions.revokeAccount(accountId);
    await this.auth.sendSecurityNotice(account, 'passkey_added');
  }

  async renamePasskey(accountId: string, passkeyId: string, name: string): Promise<void> {
    const account = await this.account(accountId);
    const clean = name.trim();
    // A label for the employee's own eyes: short, one line, printable.
    if (clean.length === 0 || clean.length > 60 || /[\p{Cc}\p{Cf}]/u.test(clean)) {
      throw new AuthError('invalid_passkey_name');
    }
    if (!(await this.passkeys.rename(accountId, passkeyId, clean))) {
      throw new AuthError('invalid_login');
    }
    await this.changed(account, 'passkey_renamed', 'passkey_renamed');
  }

  /** Never the last second factor: an account keeps its app or one passkey. */
  async removePasskey(accountId: string, passkeyId: string): Promise<void> {
    const account = await this.account(accountId);
    const passkeys = await this.passkeys.list(accountId);
    if (!passkeys.some((p) => p._id === passkeyId)) throw new AuthError('invalid_login');
    if (passkeys.length === 1 && !account.totpSecretSealed) {
      throw new AuthError('last_second_factor');
    }
    await this.passkeys.remove(accountId, passkeyId);
    await this.sessions.revokeAccount(accountId);
    await this.changed(account, 'passkey_removed', 'passkey_removed');
  }

  /** Ends every session of the account, the caller's too. */
  async signOutEverywhere(accountId: string): Promise<void> {
    const account = await this.account(accountId);
    await this.sessions.revokeAccount(accountId);
    await this.changed(account, 'signed_out_everywhere', 'signed_out_everywhere');
  }

  /** The password, then the second factor: wrong ones count towards the lock as at login. */
  private async reauthenticate(
    accountId: string,
    proof: Reauthentication,
    address: string,
  ): Promise<void> {
    await this.auth.confirmPassword(accountId, proof.password, address);
    await this.auth.secondFactor(accountId, proof.secondFactor);
  }

  private async changed(
    account: AccountRecord,
    change: SecurityChange,
    event: SecurityEvent,
  ): Promise<void> {
    await this.auth.sendSecurityNotice(account, change);
    this.events.record(event, { accountId: account._id, outcome: 'done' });
  }
}
