import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { keyedHash } from './keyring';
import { SecretBox } from './secret-box';

/** The server-side keys, in one place: what is hashed and what is sealed, and how. */
@Injectable()
export class SecretsService {
  private readonly box: SecretBox;
  private readonly hashKey: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.box = new SecretBox(config.security.dataKeys);
    this.hashKey = config.security.codeHashKey;
  }

  /** Login codes and tokens are looked up by this keyed hash; the value itself is not stored. */
  hash(value: string): string {
    return keyedHash(this.hashKey, value);
  }

  sealCode(onboardingId: string, code: string): string {
    return this.box.seal(code, `code:${onboardingId}`);
  }

  openCode(onboardingId: string, sealed: string): string {
    return this.box.open(sealed, `code:${onboardingId}`);
  }

  /** Links with a token in them (password reset) wait in the mail queue sealed. */
  sealLink(onboardingId: string, link: string): string {
    return this.box.seal(link, `link:${onboardingId}`);
  }

  openLink(onboardingId: string, sealed: string): string {
    return this.box.open(sealed, `link:${onboardingId}`);
  }

  sealTotpSecret(accountId: string, secret: string): string {
    return this.box.seal(secret, `totp:${accountId}`);
  }

  openTotpSecret(accountId: string, sealed: string): string {
    return this.box.open(sealed, `totp:${accountId}`);
  }

  /** A password hash on its way through Temporal, out of reach of the Web UI's codec. */
  sealPasswordHash(onboardingId: string, hash: string): string {
    return this.box.seal(hash, `password:${onboardingId}`);
  }

  openPasswordHash(onboardingId: string, sealed: string): string {
    return this.box.open(sealed, `password:${onboardingId}`);
  }

  /** Fresh recovery codes wait in the session sealed, until their one page shows them. */
  sealRecoveryCodes(accountId: string, codes: string[]): string {
    return this.box.seal(JSON.stringify(codes), `recovery:${accountId}`);
  }

  openRecoveryCodes(accountId: string, sealed: string): string[] {
    return JSON.parse(this.box.open(sealed, `recovery:${accountId}`)) as string[];
  }

  /** A pending e-mail address change waits sealed, bound to its account. */
  sealEmail(accountId: string, email: string): string {
    return this.box.seal(email, `email:${accountId}`);
  }

  openEmail(accountId: string, sealed: string): string {
    return this.box.open(sealed, `email:${accountId}`);
  }
}
