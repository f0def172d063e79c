import { Webhook, WebhookVerificationError as NoMatchingSignature } from 'standardwebhooks';

/**
 * Standard Webhooks (https://www.standardwebhooks.com) through the reference library. The
 * library throws one error class for every refusal, so the headers and the clock are
 * checked here first: HR is told which one is wrong, not just that something is.
 */

/** The library's tolerance (which it does not export): ours must not be looser. */
const TOLERANCE_SECONDS = 5 * 60;

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

/**
 * `whsec_<base64>` → key bytes; null when the secret is not in that form. Stricter than the
 * library, which takes any base64 with or without the prefix, however short.
 */
export function decodeSecret(secret: string): Buffer | null {
  const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret);
  if (!match?.[1]) return null;
  const key = Buffer.from(match[1], 'base64');
  return key.length >= 16 ? key : null;
}

/** The `webhook-signature` header for a body sent at `timestamp` (Unix seconds). */
export function sign(key: Buffer, id: string, timestamp: number, body: Buffer | string): string {
  return webhook(key).sign(id, new Date(timestamp * 1000), body);
}

/**
 * Checks the headers against the body with each key (several during rotation). The library
 * signs the body as UTF-8 text, so a body that is not UTF-8 must be refused before this.
 * Returns the index of the key that matched; throws WebhookVerificationError otherwise.
 */
export function verify(keys: readonly Buffer[], headers: WebhookHeaders, body: Buffer): number {
  const { id, timestamp, signature } = headers;
  const wellFormed =
    id && /^[\x21-\x7e]{1,256}$/.test(id) && timestamp && /^\d{1,12}$/.test(timestamp);
  if (!wellFormed || !signature) {
    throw new WebhookVerificationError('missing_headers');
  }
  if (Math.abs(Math.floor(Date.now() / 1000) - Number(timestamp)) > TOLERANCE_SECONDS) {
    throw new WebhookVerificationError('stale_timestamp');
  }
  const signed = {
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': signature,
  };
  const index = keys.findIndex((key) => {
    try {
      webhook(key).verify(body, signed, { jsonParse: false });
      return true;
    } catch (error) {
      if (error instanceof NoMatchingSignature) return false;
      throw error;
    }
  });
  if (index < 0) throw new WebhookVerificationError('bad_signature');
  return index;
}

function webhook(key: Buffer): Webhook {
  return new Webhook(key, { format: 'raw' });
}
