import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib/functional';
import {
  activateTwoFactorUpdate,
  redeemCodeUpdate,
  setCredentialsUpdate,
} from '../../workflows/onboarding.messages';
import { AccountRepository } from '../accounts/account.repository';
import { APP_CONFIG } from '../config/config.module';
import { Metrics } from '../metrics/metrics';
import type { AppConfig } from '../config/config.schema';
import { OnboardingRepository } from '../onboardings/onboarding.repository';
import type { OnboardingRecord } from '../onboardings/onboarding.schema';
import { assertOpen, OnboardingWorkflows } from '../onboardings/onboarding-workflows';
import { constantTimeEqual } from '../security/keyring';
import { normalizeLoginCode } from '../security/login-code';
import { hashPassword } from '../security/password-hash';
import { SecretsService } from '../security/secrets.service';
import { ActivationError, CredentialsRejectedError } from './activation.errors';
import { credentialIssues } from './credential-rules';
import type { PasswordContext } from '../accounts/password-policy';

const TOTP_PERIOD_SECONDS = 30;
const RECOVERY_CODES = 10;
const REDEEM_CLAIM_MS = 30_000;
const RELEASE_CLAIM =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

/**
 * The employee's three steps. Secrets stay here: the workflow gets the onboarding id, a
 * password hash, and the fact that 2FA was verified; never a code, password or TOTP secret.
 */
@Injectable()
export class ActivationService {
  constructor(
    private readonly onboardings: OnboardingRepository,
    private readonly accounts: AccountRepository,
    private readonly workflows: OnboardingWorkflows,
    private readonly secrets: SecretsService,
    private readonly redis: Redis,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Step 1. `inviteRef` (the onboarding id from the invite link) lets wrong codes count
   * against that onboarding; every try also counts against the client address.
   */
  async redeemCode(input: {
    code: string;
    inviteRef?: string;
    clientAddress: string;
  }): Promise<{ onboardingId: string }> {
    const { maxPerOnboarding, lockMs, maxPerAddress } = this.config.codeAttempts;
    const addressKey = `code-attempts:${input.clientAddress}`;
    const tries = await this.redis.incr(addressKey);
    if (tries === 1) await this.redis.pexpire(addressKey, lockMs);
    if (tries > maxPerAddress) {
      this.metrics.securityEvents.inc({ event: 'code_address_limit' });
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
      this.metrics.securityEvents.inc({ event: 'wrong_code' });
      throw new ActivationError('invalid_code');
    }
    assertOpen(record);
    if (record.codeLockedUntil && record.codeLockedUntil > new Date()) {
      throw new ActivationError('too_many_attempts');
    }
    if (!hash || !record.codeHash || !constantTimeEqual(hash, record.codeHash)) {
      const locked = await this.onboardings.registerCodeFailure(
        record._id,
        maxPerOnboarding,
        new Date(Date.now() + lockMs),
      );
      this.metrics.securityEvents.inc({ event: locked ? 'code_lockout' : 'wrong_code' });
      throw new ActivationError(locked ? 'too_many_attempts' : 'invalid_code');
    }
    await this.whileClaimed(`code-redeem:${record._id}:${record.codeVersion}`, async () => {
      await this.workflows.send(record, (h) =>
        h.executeUpdate(redeemCodeUpdate, { args: [{ codeVersion: record.codeVersion }] }),
      );
      await this.onboardings.resetCodeFailures(record._id);
    });
    return { onboardingId: record._id };
  }

  /**
   * Runs `step` while holding `key` in Redis. Two browsers redeeming one code at the same
   * moment would both be let through by the workflow (the code stays usable until credentials
   * are set, so a lost session can start over): one wins here, the other is told why.
   */
  private async whileClaimed(key: string, step: () => Promise<void>): Promise<void> {
    const holder = randomBytes(16).toString('hex');
    // Expires by itself should this process die while holding it.
    if ((await this.redis.set(key, holder, 'PX', REDEEM_CLAIM_MS, 'NX')) !== 'OK') {
      throw new ActivationError('code_in_use');
    }
    try {
      await step();
    } finally {
      // Only our own claim: after an expiry another request may hold the key.
      await this.redis.eval(RELEASE_CLAIM, 1, key, holder);
    }
  }

  /** Step 2. The password is hashed here, before anything leaves the request. */
  async setCredentials(
    onboardingId: string,
    input: { email: string; username: string; password: string; repeat?: string },
  ): Promise<void> {
    const record = await this.load(onboardingId);
    const issues = credentialIssues(input, this.passwordContext(record, input));
    if (issues.length > 0) throw new CredentialsRejectedError(issues);
    const passwordHash = await hashPassword(input.password);
    await this.workflows.send(record, (h) =>
      h.executeUpdate(setCredentialsUpdate, {
        args: [{ username: input.username, passwordHash, email: input.email }],
      }),
    );
  }

  /** Step 3a: a TOTP secret (160 bits), kept encrypted; returns the URI for the QR code. */
  async beginTwoFactor(onboardingId: string): Promise<{ otpauthUri: string; secret: string }> {
    const account = await this.accounts.get(onboardingId);
    if (!account || account.status !== 'pending_2fa') throw new ActivationError('not_ready');
    let secret = account.totpSecretSealed
      ? this.secrets.openTotpSecret(account._id, account.totpSecretSealed)
      : undefined;
    if (!secret) {
      secret = generateSecret({ length: 20 });
      await this.accounts.setTotpSecret(
        account._id,
        this.secrets.sealTotpSecret(account._id, secret),
      );
    }
    const brand = this.config.brand.name;
    return { otpauthUri: generateURI({ issuer: brand, label: account.username, secret }), secret };
  }

  /** Step 3b: a valid, unused code activates 2FA; returns recovery codes, shown once. */
  async activateTwoFactor(
    onboardingId: string,
    token: string,
  ): Promise<{ recoveryCodes: string[] }> {
    const record = await this.load(onboardingId);
    const account = await this.accounts.get(onboardingId);
    if (!account?.totpSecretSealed) throw new ActivationError('not_ready');
    const secret = this.secrets.openTotpSecret(account._id, account.totpSecretSealed);
    const step = await verifiedTimeStep(secret, token);
    if (step === null) throw new ActivationError('invalid_totp');
    if (!(await this.accounts.claimTotpStep(account._id, step))) {
      this.metrics.securityEvents.inc({ event: 'totp_replay' });
      throw new ActivationError('totp_replayed');
    }
    const recoveryCodes = Array.from({ length: RECOVERY_CODES }, () =>
      randomBytes(5)
        .toString('hex')
        .replace(/(.{5})/, '$1-'),
    );
    await this.accounts.setRecoveryCodes(
      account._id,
      recoveryCodes.map((c) => this.secrets.hash(normalizeRecoveryCode(c))),
    );
    await this.workflows.send(record, (h) => h.executeUpdate(activateTwoFactorUpdate));
    return { recoveryCodes };
  }

  /** What a password must not be built from: the person's data and the brand. */
  passwordContext(
    record: Pick<OnboardingRecord, 'firstName' | 'lastName' | 'email'>,
    input: { email?: string; username?: string } = {},
  ): PasswordContext {
    return {
      personal: [
        record.firstName,
        record.lastName,
        record.email,
        input.email ?? '',
        input.username ?? '',
        this.config.brand.name,
        this.config.brand.portalName,
      ],
      ...this.config.password,
    };
  }

  async onboarding(onboardingId: string): Promise<OnboardingRecord> {
    return this.load(onboardingId);
  }

  private async load(onboardingId: string): Promise<OnboardingRecord> {
    const record = await this.onboardings.get(onboardingId);
    if (!record) throw new ActivationError('invalid_code');
    assertOpen(record);
    return record;
  }
}

/** Recovery codes are accepted in any case, with or without the dash. */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

/** The time step a 6-digit code belongs to, allowing one step of clock drift either way. */
export async function verifiedTimeStep(secret: string, token: string): Promise<number | null> {
  if (!/^\d{6}$/.test(token)) return null;
  const result = await verify({ secret, token, epochTolerance: TOTP_PERIOD_SECONDS });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}
