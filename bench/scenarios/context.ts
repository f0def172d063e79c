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
  /** Where a profiled API writes its .cpuprofile. */
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
