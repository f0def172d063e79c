import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';

/** What one signed request was: method, path and body. A webhook-id is bound to it. */
export function fingerprintOf(method: string, path: string, rawBody: Buffer): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${path}\n`)
    .update(rawBody)
    .digest('base64url');
}

/** The first answer to a webhook-id, given again to a redelivery of the same request. */
export interface StoredAnswer {
  status: number;
  body: unknown;
}

export type Claim =
  | { kind: 'first'; holder: string }
  /** The same request again, answered before: `answer` (none for reads, which run again). */
  | { kind: 'repeat'; answer?: StoredAnswer }
  | { kind: 'in_progress' }
  /** The id was used for another method, path or body: a replay onto another route. */
  | { kind: 'reused' };

interface Entry {
  fingerprint: string;
  /** Set while the first request runs; gone once it answered. */
  holder?: string;
  answer?: StoredAnswer;
}

/** A request that dies while holding its id gives it up after this long. */
const LEASE_MS = 60_000;

const RELEASE =
  "local v = redis.call('get', KEYS[1]) if v and cjson.decode(v).holder == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

/**
 * Every signed HR request's webhook-id is used once per client, for one request: Redis keeps
 * each id (with the first answer) at least as long as a signature is accepted.
 */
@Injectable()
export class WebhookIds {
  constructor(
    private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Takes the id for this request, or tells what it was used for. While the first request
   * with it still runs, a repeat waits (up to `waitMs`) for its answer.
   */
  async claim(
    clientId: string,
    webhookId: string,
    fingerprint: string,
    waitMs: number,
  ): Promise<Claim> {
    const key = this.key(clientId, webhookId);
    const holder = randomBytes(12).toString('base64url');
    const entry = JSON.stringify({ fingerprint, holder } satisfies Entry);
    const deadline = Date.now() + waitMs;
    for (;;) {
      if ((await this.redis.set(key, entry, 'PX', LEASE_MS, 'NX')) === 'OK') {
        return { kind: 'first', holder };
      }
      const raw = await this.redis.get(key);
      if (raw === null) continue; // the first try let go of it just now: ours
      const seen = JSON.parse(raw) as Entry;
      if (seen.fingerprint !== fingerprint) return { kind: 'reused' };
      if (!seen.holder) return { kind: 'repeat', answer: seen.answer };
      if (Date.now() >= deadline) return { kind: 'in_progress' };
      await delay(100);
    }
  }

  /** The request answered for good: a repeat gets `answer` (or, for a read, runs again). */
  async answered(
    clientId: string,
    webhookId: string,
    fingerprint: string,
    answer: StoredAnswer | undefined,
  ): Promise<void> {
    const entry: Entry = { fingerprint, answer };
    await this.redis.set(
      this.key(clientId, webhookId),
      JSON.stringify(entry),
      'PX',
      this.config.webhooks.idRetentionMs,
    );
  }

  /** The request failed in a way a retry may fix (a dependency was down): the id is free again. */
  async release(clientId: string, webhookId: string, holder: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key(clientId, webhookId), holder);
  }

  private key(clientId: string, webhookId: string): string {
    return `webhook-id:${clientId}:${webhookId}`;
  }
}
