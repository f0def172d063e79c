import { Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';

// The first try of a window starts its expiry, in the same step, so no counter outlives it.
const HIT =
  "local n = redis.call('incr', KEYS[1]) if n == 1 then redis.call('pexpire', KEYS[1], ARGV[1]) end return n";

/**
 * Fixed-window counters in Redis, shared by every API replica. Hand-written, not
 * @nestjs/throttler: it keys its limits by route, and its Redis storage package stops at
 * NestJS 11. These limits count per address bucket, account or onboarding across routes,
 * alongside the account locks that mail their owner.
 */
@Injectable()
export class RateLimiter {
  constructor(private readonly redis: Redis) {}

  /** Counts one try under `key`; false once more than `limit` came within `windowMs`. */
  async allow(key: string, limit: number, windowMs: number): Promise<boolean> {
    const tries = Number(await this.redis.eval(HIT, 1, `limit:${key}`, windowMs));
    return tries <= limit;
  }
}
