import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { generateSecret, generateURI } from 'otplib/functional';
import { AccountRepository } from '../accounts/account.repository';
import { type AccountStatus, ENROLLING } from '../accounts/account.schema';
import { EmailChanges } from '../auth/email-changes.service';
import { passwordContext } from '../auth/password-context';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { addressBucket } from '../http/client-address';
import { OnboardingRepository } from '../onboardings/onboarding.repository';
import type { RegistrationResponse } from '../passkeys/passkey.dto';
import { PasskeysService, passkeysOffered } from '../passkeys/passkeys.service';
import type { OnboardingRecord } from '../onboardings/onboarding.schema';
import { OnboardingGateway } from '../onboardings/onboarding.gateway';
import { assertOpen, OnboardingRejectedError } from '../onboardings/onboarding-rejections';
import { constantTimeEqual } from '../security/keyring';
import { normalizeLoginCode } from '../security/login-code';
import { hashPassword } from '../security/password-hash';
import { RateLimiter } from '../security/rate-limiter';
import { SecretsService } from '../security/secrets.service';
import { SecurityEvents } from '../security/security-events';
import {
  ActivationError,
  type ActivationProblem,
  CredentialsRejectedError,
} from './activation.errors';
import { CodeAttempts } from './code-attempts';
import { credentialIssues } from './credential-rules';
import { normalizeRecoveryCode, verifiedTimeStep } from './totp';

const RECOVERY_CODES = 10;
const CLAIM_MS = 30_000;
const RELEASE_CLAIM =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

/**
 * The employee's three steps. Secrets stay here: the workflow gets the onboarding id, a sealed
 * password hash, and the fact that 2FA was verified; never a code, password or TOTP secret.
 */
@Injectable()
export class ActivationService {
  constructor(
    private readonly onboardings: OnboardingRepository,
    private readonly accounts: AccountRepository,
    private readonly gateway: OnboardingGateway,
    private readonly codeAttempts: CodeAttempts,
    private readonly secrets: SecretsService,
    private readonly redis: Redis,
    private readonly limits: RateLimiter,
    private readonly events: SecurityEvents,
    private readonly emailChanges: EmailChanges,
    private readonly passkeys: PasskeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Step 1. `inviteRef` (the onboarding id from the invite link) lets wrong codes count
   * against that onboarding; every try also counts against the client address (IPv6 by /64).
   * `reenrolment`: the code of a run after a 2FA reset, which leads to a new 2FA setup once
   * the password is confirmed too.
   */
  async redeemCode(input: {
    code: string;
    inviteRef?: string;
    clientAddress: string;
  }): Promise<{ onboarding: OnboardingRecord; reenrolment: boolean }> {
    const { lockMs, maxPerAddress } = this.config.codeAttempts;
    const addressKey = `code-attempts:${addressBucket(input.clientAddress)}`;
    if (!(await this.limits.allow(addressKey, maxPerAddress, lockMs))) {
      this.events.record('code_address_limit', { outcome: 'refused' });
      throw new ActivationError('too_many_attempts');
    }

    const code = normalizeLoginCode(input.code);
    const hash = code ? this.secrets.hash(code) : null;
    const record = input.inviteRef
      ? await this.onboardings.get(input.inviteRef)
      : hash
        ? await this.onboardings.findByCodeHash(hash)
        : null;
    if (!record) {
      this.events.record('wrong_code', { outcome: 'failure' });
      throw new ActivationError('invalid_code');
    }
    assertOpen(record);
    if (await this.codeAttempts.locked(record._id, record.codeVersion)) {
      throw new ActivationError('too_many_attempts');
    }
    if (!hash || !record.codeHash || !constantTimeEqual(hash, record.codeHash)) {
      const locked = await this.codeAttempts.fail(record._id, record.codeVersion);
      this.events.record(locked ? 'code_lockout' : 'wrong_code', {
        onboardingId: record._id,
        outcome: 'failure',
      });
      throw new ActivationError(locked ? 'too_many_attempts' : 'invalid_code');
    }
    // Two browsers redeeming one code at the same moment would both be let through by the
    // workflow (the code stays usable until credentials are set, so a lost session can start
    // over): one wins here, the other is told why.
    const key = `code-redeem:${record._id}:${record.codeVersion}`;
    const state = await this.whileClaimed(key, 'code_in_use', async () => {
      const after = await this.gateway.redeem(record, record.codeVersion);
      await this.codeAttempts.clear(record._id, record.codeVersion);
      return after;
    });
    this.events.record('code_redeemed', { onboardingId: record._id, outcome: 'success' });
    return { onboarding: record, reenrolment: state.reenrolment };
  }

  /**
   * Step 2. The password is hashed here, before anything leaves the request. The account keeps
   * HR's e-mail address; a corrected one is used once the employee confirms it from that
   * mailbox (`emailChange: true`: a confirmation mail went out).
   */
  async setCredentials(
    onboardingId: string,
    input: { email: string; username: string; password: string; repeat?: string },
  ): Promise<{ emailChange: boolean }> {
    const record = await this.load(onboardingId);
    const issues = credentialIssues(input, passwordContext(this.config, record, input));
    if (issues.length > 0) throw new CredentialsRejectedError(issues);
    const passwordHashSealed = this.secrets.sealPasswordHash(
      record._id,
      await hashPassword(input.password),
    );
    await this.gateway.setCredentials(record, { username: input.username, passwordHashSealed });
    if (input.email.toLowerCase() === record.email.toLowerCase()) return { emailChange: false };
    await this.emailChanges.request(record, input.email);
    return { emailChange: true };
  }

  /**
   * Step 3a: what one 2FA page shows: a new TOTP secret (160 bits), or the page's own again
   * after a wrong code, and the URI for its QR code. The secret is stored on the account only
   * once a code from it was verified (step 3b). `statuses`: the accounts that may enrol; an
   * active one replacing its authenticator from the security page too.
   */
  async totpEnrolment(
    accountId: string,
    secret: string = generateSecret({ length: 20 }),
    statuses: readonly AccountStatus[] = ENROLLING,
  ): Promise<{ otpauthUri: string; secret: string }> {
    const account = await this.accounts.get(accountId);
    if (!account || !statuses.includes(account.status)) throw new ActivationError('not_ready');
    const brand = this.config.brand.name;
    return { otpauthUri: generateURI({ issuer: brand, label: account.username, secret }), secret };
  }

  /**
   * Step 3b: a valid code for `secret` (the page's) stores it, activates 2FA through the
   * workflow, and then makes the recovery codes, shown once. One enrolment at a time.
   */
  async activateTwoFactor(
    accountId: string,
    secret: string,
    token: string,
  ): Promise<{ recoveryCodes: string[] }> {
    const record = await this.load(accountId);
    // A deployment that requires passkeys takes no authenticator app, whatever is posted.
    if (passkeysOffered(this.config).required) throw new ActivationError('passkey_required');
    const step = await verifiedTimeStep(secret, token);
    if (step === null) {
      this.events.record('wrong_totp', { accountId, outcome: 'failure' });
      throw new ActivationError('invalid_totp');
    }
    return this.activate(record, async () => {
      const sealed = this.secrets.sealTotpSecret(accountId, secret);
      if (await this.accounts.enrolTotp(accountId, sealed, step)) return;
      const account = await this.accounts.get(accountId);
      if (account?.status === 'active') throw new OnboardingRejectedError('completed');
      this.events.record('totp_replay', { accountId, outcome: 'failure' });
      throw new ActivationError('totp_replayed');
    });
  }

  /**
   * Step 3b with a passkey instead: the browser's answer to this session's challenge, named
   * `name`; the workflow update and the recovery codes are the same as with the app.
   */
  async activateWithPasskey(
    accountId: string,
    passkey: { sessionId: string; response: RegistrationResponse; name: string },
  ): Promise<{ recoveryCodes: string[] }> {
    const record = await this.load(accountId);
    return this.activate(record, async () => {
      const account = await this.accounts.get(accountId);
      if (account?.status === 'active') throw new OnboardingRejectedError('completed');
      if (!account || !ENROLLING.includes(account.status)) throw new ActivationError('not_ready');
      await this.passkeys.register(account, passkey.sessionId, passkey.response, passkey.name);
    });
  }

  /** One enrolment at a time: the method's own step, the workflow, then recovery codes. */
  private activate(
    record: OnboardingRecord,
    enrol: () => Promise<void>,
  ): Promise<{ recoveryCodes: string[] }> {
    const accountId = record._id;
    return this.whileClaimed(`enrol:${accountId}`, 'enrolment_in_use', async () => {
      await enrol();
      await this.gateway.activate(record);
      // Only after the workflow took the activation: a refused one leaves no codes behind.
      const recoveryCodes = await this.issueRecoveryCodes(accountId);
      this.events.record('two_factor_enrolled', { accountId, outcome: 'success' });
      return { recoveryCodes };
    });
  }

  /** A new set of recovery codes, stored hashed; the previous set stops working. */
  async issueRecoveryCodes(accountId: string): Promise<string[]> {
    const recoveryCodes = Array.from({ length: RECOVERY_CODES }, () =>
      randomBytes(5)
        .toString('hex')
        .replace(/(.{5})/, '$1-'),
    );
    await this.accounts.setRecoveryCodes(
      accountId,
      recoveryCodes.map((c) => this.secrets.hash(normalizeRecoveryCode(c))),
    );
    return recoveryCodes;
  }

  async onboarding(onboardingId: string): Promise<OnboardingRecord> {
    return this.load(onboardingId);
  }

  /** Runs `step` while holding `key` in Redis; another holder means `busy` for this caller. */
  private async whileClaimed<T>(
    key: string,
    busy: ActivationProblem,
    step: () => Promise<T>,
  ): Promise<T> {
    const holder = randomBytes(16).toString('hex');
    // Expires by itself should this process die while holding it.
    if ((await this.redis.set(key, holder, 'PX', CLAIM_MS, 'NX')) !== 'OK') {
      throw new ActivationError(busy);
    }
    try {
      return await step();
    } finally {
      // Only our own claim: after an expiry another request may hold the key.
      await this.redis.eval(RELEASE_CLAIM, 1, key, holder);
    }
  }

  private async load(onboardingId: string): Promise<OnboardingRecord> {
    const record = await this.onboardings.get(onboardingId);
    if (!record) throw new ActivationError('invalid_code');
    assertOpen(record);
    return record;
  }
}
