import { type HrClient } from '../hr';
import { type BenchOptions } from '../options';
import { type Log } from '../progress';
import { type Services } from '../services';
import { type BenchSink } from '../sink';

/** What every scenario gets: the running service, its servers, and a way to report progress. */
export interface BenchContext {
  options: BenchOptions;
  log: Log;
  /** Unique per run: employee ids, addresses, usernames and queue names carry it. */
  runId: string;
  hr: HrClient;
  sink: BenchSink;
  services: Services;
  temporalAddress: string;
  mongoUri: string;
  /** FerretDB runs on PostgreSQL: its processes count as the database's CPU. */
  mongoOnPostgresql: boolean;
  redisUrl: string;
  prefix: string;
  /** Where profiled services write their .cpuprofile files (--profile). */
  profileDir: string;
}

/** The first mail job of an onboarding is its invite; its id is deterministic. */
export function inviteKey(onboardingId: string): string {
  return `invite.${onboardingId}.1`;
}

/** Mails that never came are reported, not waited for forever (see README: lost updates). */
export function reportMissing(ctx: BenchContext, what: string, missing: readonly string[]): void {
  if (missing.length === 0) return;
  ctx.log(`${what}: ${missing.length} never arrived (first: ${missing.slice(0, 3).join(', ')})`);
}

/**
 * Runs a scenario's measured part; with --profile, every service runs under --cpu-prof for
 * it and writes `<scenario>-<service>.cpuprofile` when restarted afterwards.
 */
export async function withProfiler<T>(
  ctx: BenchContext,
  scenario: string,
  run: () => Promise<T>,
): Promise<T> {
  if (!ctx.options.profile) return run();
  ctx.log(`${scenario}: restarting the services with --cpu-prof`);
  await ctx.services.restartAll({ dir: ctx.profileDir, tag: scenario });
  try {
    return await run();
  } finally {
    ctx.log(`${scenario}: restarting the services without the profiler (they write it now)`);
    await ctx.services.restartAll();
  }
}

/** The clock V8 stamps profile samples with (CLOCK_MONOTONIC, µs), shared by all processes. */
export function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}
