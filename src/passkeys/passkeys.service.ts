import { Inject, Injectable } from '@nestjs/common';
import {
  type AuthenticatorTransportFuture,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { Redis } from 'ioredis';
import ipaddr from 'ipaddr.js';
import { AccountRepository } from '../accounts/account.repository';
import type { AccountRecord } from '../accounts/account.schema';
import { PasskeyRepository } from '../accounts/passkey.repository';
import type { PasskeyRecord } from '../accounts/passkey.schema';
import { APP_CONFIG } from '../config/config.module';
import { type AppConfig, publicHost } from '../config/config.schema';
import { SecurityEvents } from '../security/security-events';
import type { AuthenticationResponse, RegistrationResponse } from './passkey.dto';
import { PasskeyError } from './passkey.errors';

/** How long the browser may take to ask the authenticator, and how long a challenge lives. */
const CEREMONY_MS = 120_000;

type Ceremony = 'enrol' | 'login';

/**
 * `offered`: this deployment asks for passkeys and PUBLIC_URL names a host to bind them to
 * (WebAuthn refuses IP addresses); `required`: activation takes a passkey, not the app.
 */
export function passkeysOffered(config: AppConfig): { offered: boolean; required: boolean } {
  const { methods } = config.twoFactor;
  const offered = methods !== 'totp' && !ipaddr.isValid(publicHost(config.http.publicUrl));
  return { offered, required: offered && methods === 'passkey' };
}

const bytes = (base64url: string) => Uint8Array.from(Buffer.from(base64url, 'base64url'));

/**
 * WebAuthn ceremonies with @simplewebauthn/server. The relying party is PUBLIC_URL: its host
 * is the RP id, its origin the only one accepted. User verification is required, so a passkey
 * is both factors. Each challenge is single-use, bound to the browser session that asked for
 * it, and lives CEREMONY_MS.
 */
@Injectable()
export class PasskeysService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly passkeys: PasskeyRepository,
    private readonly redis: Redis,
    private readonly events: SecurityEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  list(accountId: string): Promise<PasskeyRecord[]> {
    return this.passkeys.forAccount(accountId);
  }

  /** False when the account has no such passkey. */
  rename(accountId: string, id: string, name: string): Promise<boolean> {
    return this.passkeys.rename(accountId, id, name);
  }

  remove(accountId: string, id: string): Promise<boolean> {
    return this.passkeys.remove(accountId, id);
  }

  async registrationOptions(
    account: AccountRecord,
    sessionId: string,
  ): Promise<PublicKeyCredentialCreationOptionsJSON> {
    this.assertEnabled();
    const existing = await this.passkeys.forAccount(account._id);
    const options = await generateRegistrationOptions({
      rpName: this.config.brand.name,
      rpID: this.rpId,
      userName: account.username,
      userDisplayName: `${account.firstName} ${account.lastName}`,
      // The account id comes back as the user handle when the passkey signs in.
      userID: Uint8Array.from(Buffer.from(account._id, 'utf8')),
      attestationType: 'none',
      excludeCredentials: existing.map((p) => ({
        id: p._id,
        transports: p.transports as AuthenticatorTransportFuture[],
      })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
      timeout: CEREMONY_MS,
    });
    await this.keepChallenge('enrol', sessionId, options.challenge);
    return options;
  }

  /** Verifies a new passkey and stores it on the account under `name`. */
  async register(
    account: AccountRecord,
    sessionId: string,
    response: RegistrationResponse,
    name: string,
  ): Promise<PasskeyRecord> {
    this.assertEnabled();
    const challenge = await this.takeChallenge('enrol', sessionId);
    const verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: this.origin,
      expectedRPID: this.rpId,
      requireUserVerification: true,
    }).catch(() => ({ verified: false as const }));
    if (!verified.verified) throw this.refused(account._id, 'registration');
    const { credential, aaguid, credentialBackedUp } = verified.registrationInfo;
    const passkey: PasskeyRecord = {
      _id: credential.id,
      accountId: account._id,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      transports: credential.transports ?? [],
      aaguid,
      name,
      backedUp: credentialBackedUp,
      createdAt: new Date(),
      lastUsedAt: null,
    };
    await this.passkeys.add(passkey);
    this.events.record('passkey_added', { accountId: account._id, outcome: 'success' });
    return passkey;
  }

  /**
   * Options for a sign-in. Without an account any discoverable passkey of this site may
   * answer (no username typed); with one (the second step after a password) only its own.
   */
  async authenticationOptions(
    sessionId: string,
    accountId?: string,
  ): Promise<PublicKeyCredentialRequestOptionsJSON> {
    this.assertEnabled();
    const allow = accountId ? await this.passkeys.forAccount(accountId) : [];
    const options = await generateAuthenticationOptions({
      rpID: this.rpId,
      userVerification: 'required',
      allowCredentials: allow.map((p) => ({
        id: p._id,
        transports: p.transports as AuthenticatorTransportFuture[],
      })),
      timeout: CEREMONY_MS,
    });
    await this.keepChallenge('login', sessionId, options.challenge);
    return options;
  }

  /**
   * The account a passkey assertion proves, after every check: the challenge of this session,
   * origin and RP id, signature, user verification, and a counter that moved forward (a
   * cloned authenticator shows one that did not). The caller checks the account's own state.
   */
  async authenticate(sessionId: string, response: AuthenticationResponse): Promise<AccountRecord> {
    this.assertEnabled();
    const challenge = await this.takeChallenge('login', sessionId);
    const handle = response.response.userHandle;
    const accountId = handle ? Buffer.from(handle, 'base64url').toString('utf8') : '';
    const passkey = accountId ? await this.passkeys.get(accountId, response.id) : null;
    const account = passkey ? await this.accounts.get(accountId) : null;
    if (!passkey || !account) throw this.refused(undefined, 'unknown credential');
    const verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: this.origin,
      expectedRPID: this.rpId,
      requireUserVerification: true,
      credential: {
        id: passkey._id,
        publicKey: bytes(passkey.publicKey),
        counter: passkey.counter,
        transports: passkey.transports as AuthenticatorTransportFuture[],
      },
    }).catch(() => ({ verified: false as const, authenticationInfo: undefined }));
    if (!verified.verified || !verified.authenticationInfo) {
      throw this.refused(account._id, 'assertion');
    }
    // Only against the counter just checked: a second use of the same counter loses here.
    const { newCounter } = verified.authenticationInfo;
    if (!(await this.passkeys.recordUse(passkey, newCounter, new Date()))) {
      throw this.refused(account._id, 'counter');
    }
    return account;
  }

  private get rpId(): string {
    return publicHost(this.config.http.publicUrl);
  }

  private get origin(): string {
    return new URL(this.config.http.publicUrl).origin;
  }

  private assertEnabled(): void {
    if (!passkeysOffered(this.config).offered) throw new PasskeyError('passkey_off');
  }

  private async keepChallenge(ceremony: Ceremony, sessionId: string, challenge: string) {
    await this.redis.set(this.challengeKey(ceremony, sessionId), challenge, 'PX', CEREMONY_MS);
  }

  /** Gone once read: a challenge is answered once, whatever the outcome. */
  private async takeChallenge(ceremony: Ceremony, sessionId: string): Promise<string> {
    const challenge = await this.redis.getdel(this.challengeKey(ceremony, sessionId));
    if (!challenge) {
      this.events.record('passkey_refused', { outcome: 'refused', reason: 'challenge' });
      throw new PasskeyError('passkey_expired');
    }
    return challenge;
  }

  private challengeKey(ceremony: Ceremony, sessionId: string): string {
    return `webauthn:${ceremony}:${sessionId}`;
  }

  private refused(accountId: string | undefined, reason: string): PasskeyError {
    this.events.record('passkey_refused', { accountId, outcome: 'failure', reason });
    return new PasskeyError('passkey_refused');
  }
}
