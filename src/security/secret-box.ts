import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Keyring } from './keyring';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export const AES_GCM = 'aes-256-gcm';

/** AES-256-GCM with a random IV; `aad` binds a ciphertext to its owner (e.g. the account id). */
export function encrypt(key: Buffer, plaintext: Buffer, aad?: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(AES_GCM, key, iv);
  if (aad) cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

export function decrypt(key: Buffer, sealed: Buffer, aad?: string): Buffer {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error('ciphertext too short');
  const iv = sealed.subarray(0, IV_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const decipher = createDecipheriv(AES_GCM, key, iv);
  if (aad) decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(tag);
  return Buffer.concat([
    decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
    decipher.final(),
  ]);
}

/** Secrets at rest (TOTP secrets, pending login codes) as `keyId.base64`, never in the clear. */
export class SecretBox {
  constructor(private readonly keyring: Keyring) {}

  seal(plaintext: string, aad: string): string {
    const { id, key } = this.keyring.current;
    return `${id}.${encrypt(key, Buffer.from(plaintext, 'utf8'), aad).toString('base64')}`;
  }

  open(sealed: string, aad: string): string {
    const dot = sealed.indexOf('.');
    const key = dot > 0 ? this.keyring.get(sealed.slice(0, dot)) : undefined;
    if (!key) throw new Error('sealed with an unknown key');
    return decrypt(key, Buffer.from(sealed.slice(dot + 1), 'base64'), aad).toString('utf8');
  }
}
