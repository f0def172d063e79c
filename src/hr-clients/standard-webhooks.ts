import { createHmac, timingSafeEqual } from 'node:crypto';

/** Standard Webhooks (https://www.standardwebhooks.com): HMAC-SHA256 over `id.timestamp.body`. */
export const TOLERANCE_SECONDS = 5 * 60;

export type WebhookRejection = 'missing_headers' | 'stale_timestamp' | 'bad_signature';

export class WebhookVerificationError extends Error {
  constructor(readonly reason: WebhookRejection) {
    super(
      {
        missing_headers:
          'webhook-id (1 to 256 visible characters), webhook-timestamp and webhook-signature are required',
        stale_timestamp: 'webhook-timestamp is more than 5 minutes away from our clock',
        bad_signature: 'no webhook-signature matches the body',
      }[reason],
    );
    this.name = 'WebhookVerificationError';
  }
}

export interface WebhookHeaders {
  id?: string;
  timestamp?: string;
  signature?: string;
}

/** `whsec_<base64>` → key bytes; null when the secret is not in that form. */
export function decodeSecret(secret: string): Buffer | null {
  const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret);
  if (!match?.[1]) return null;
  const key = Buffer.from(match[1], 'base64');
  return key.length >= 16 ? key : null;
}

export function sign(key: Buffer, id: string, timestamp: number, body: Buffer | string): string {
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64');
  return `v1,${mac}`;
}

/**
 * Checks the headers against the raw body with each key (several during rotation).
 * Returns the index of the key that matched; throws WebhookVerificationError otherwise.
 */
export function verify(
  keys: readonly Buffer[],
  headers: WebhookHeaders,
  rawBody: Buffer,
  now: Date = new Date(),
): number {
  const { id, timestamp, signature } = headers;
  const wellFormed =
    id && /^[\x21-\x7e]{1,256}$/.test(id) && timestamp && /^\d{1,12}$/.test(timestamp);
  if (!wellFormed || !signature) {
    throw new WebhookVerificationError('missing_headers');
  }
  const seconds = Number(timestamp);
  if (Math.abs(now.getTime() / 1000 - seconds) > TOLERANCE_SECONDS) {
    throw new WebhookVerificationError('stale_timestamp');
  }
  const offered = signature
    .split(' ')
    .filter((s) => s.startsWith('v1,'))
    .map((s) => Buffer.from(s.slice(3), 'base64'));
  for (const [index, key] of keys.entries()) {
    const expected = Buffer.from(sign(key, id, seconds, rawBody).slice(3), 'base64');
    // Compare against every offered signature without stopping early.
    let matched = false;
    for (const candidate of offered) {
      if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) {
        matched = true;
      }
    }
    if (matched) return index;
  }
  throw new WebhookVerificationError('bad_signature');
}
