import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';

// Counts the failure and, at the limit, swaps the count for a lock, in one step.
const FAIL = `
local n = redis.call('incr', KEYS[1])
redis.call('pexpire', KEYS[1], ARGV[2])
if n < tonumber(ARGV[1]) then return 0 end
redis.call('del', KEYS[1])
redis.call('set', KEYS[2], '1', 'PX', ARGV[2])
return 1`;

/**
 * Wrong tries at one login code, and the lock after too many. In Redis, per code version, so
 * the onboarding record keeps one writer (the workflow's activities) and a new code starts
 * with a clean slate without anyone resetting it.
 */
@Injectable()
export class CodeAttempts {
  constructor(
    private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async locked(onboardingId: string, codeVersion: number): Promise<boolean> {
    return (await this.redis.exists(this.keys(onboardingId, codeVersion)[1])) === 1;
  }

  /** Counts a wrong code; true when this one locked the code. */
  async fail(onboardingId: string, codeVersion: number): Promise<boolean> {
    const { maxPerOnboarding, lockMs } = this.config.codeAttempts;
    const keys = this.keys(onboardingId, codeVersion);
    return Number(await this.redis.eval(FAIL, 2, ...keys, maxPerOnboarding, lockMs)) === 1;
  }

  async clear(onboardingId: string, codeVersion: number): Promise<void> {
    await this.redis.del(...this.keys(onboardingId, codeVersion));
  }

  private keys(onboardingId: string, codeVersion: number): [string, string] {
    const code = `${onboardingId}:${codeVersion}`;
    return [`code-failures:${code}`, `code-lock:${code}`];
  }
}
