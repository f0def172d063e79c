import { createHmac, timingSafeEqual } from 'node:crypto';

export interface Key {
  id: string;
  key: Buffer;
}

/** Keys for rotation: the first encrypts, every one decrypts what carries its id. */
export class Keyring {
  private readonly byId: Map<string, Buffer>;

  constructor(readonly keys: readonly [Key, ...Key[]]) {
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  get current(): Key {
    return this.keys[0];
  }

  get(id: string): Buffer | undefined {
    return this.byId.get(id);
  }
}

const KEY_ENTRY = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/=_-]+)$/;

/**
 * Parses `id:base64key[,id:base64key…]` (32-byte keys). Returns an error message instead of
 * throwing, so configuration can report every bad variable at once.
 */
export function parseKeyring(value: string): Keyring | string {
  const keys: Key[] = [];
  for (const entry of value.split(',').map((e) => e.trim())) {
    const match = KEY_ENTRY.exec(entry);
    if (!match?.[1] || !match[2]) return 'must be id:base64key[,id:base64key…]';
    const key = Buffer.from(match[2], 'base64');
    if (key.length !== 32) return `key "${match[1]}" must be 32 bytes (base64 of 32 random bytes)`;
    if (keys.some((k) => k.id === match[1])) return `key id "${match[1]}" appears twice`;
    keys.push({ id: match[1], key });
  }
  const [first, ...rest] = keys;
  return first ? new Keyring([first, ...rest]) : 'must name at least one key';
}

/** HMAC-SHA256, hex: how login codes and tokens are looked up without storing them. */
export function keyedHash(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value).digest('hex');
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
