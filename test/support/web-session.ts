import { randomBytes } from 'node:crypto';
import { WebClient } from './browser-less';

/** An address from the IPv6 documentation range, different for every call. */
export function documentationAddress(): string {
  const [a, b, c] = [0, 1, 2].map(() => randomBytes(2).toString('hex'));
  return `2001:db8:${a}:${b}::${c}`;
}

/**
 * A browser that also comes from an address of its own. Per-address limits live in Redis,
 * shared with every other test file, so tests that send many requests must not spend
 * 127.0.0.1's. The address counts only when the API trusts one proxy hop (`trustProxyHops: 1`).
 */
export class WebSession extends WebClient {
  constructor(base: string, address = documentationAddress()) {
    super(base, address);
  }
}
