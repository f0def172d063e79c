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
}
