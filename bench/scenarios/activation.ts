import { hash } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { ARGON2_OPTIONS } from '../../src/security/password-hash';
import { type CpuCost, cpuCost, cpuTimes } from '../cpu';
import { activate, type FlowTimings, type Invite, inviteFromMail } from '../employee';
import { type CpuFloor, measureFloor } from '../floor';
import { hireBody } from '../hr';
import { runPool } from '../pool';
import { waitForQuietQueues } from '../quiet';
import { type LatencySummary, ratio, round, summarize, timed } from '../stats';
import { type BenchContext, inviteKey, monotonicUs, reportMissing, withProfiler } from './context';

export interface ActivationLevel {
  concurrency: number;
  employees: number;
  failures: number;
  firstError?: string;
  completionsPerSecond: number;
  stepMs: Record<keyof FlowTimings, LatencySummary>;
  /** argon2id with the service's parameters, one hash per employee, same concurrency. */
  limit: { hashes: number; perSecond: number; hashMs: LatencySummary };
  ratio: number;
  /** Per finished flow, until its mails were sent and its events delivered. */
  cpu: CpuCost;
}

export interface ActivationResult {
  levels: ActivationLevel[];
  argon2: typeof ARGON2_OPTIONS;
  /** Monotonic (µs) windows of the flows, to cut the profile down to them. */
  windowsUs: [number, number][];
  /** Temporal and one database command alone (absent in reports of earlier runs). */
  floor?: CpuFloor;
}

/** Addresses of activation hires: the sink keeps their raw invites to read the codes from. */
export const ACTIVATION_TAG = 'act';

export async function activationScenario(ctx: BenchContext): Promise<ActivationResult> {
  const levels = ctx.options.activationConcurrency.map((concurrency) => ({
    concurrency,
    employees: concurrency * (ctx.options.quick ? 2 : 3),
  }));
  // Every hire first, so profiled services see only the employees' steps.
  const invites: Invite[][] = [];
  for (const { concurrency, employees } of levels) {
    invites.push(await prepare(ctx, concurrency, employees));
  }
  const results: ActivationLevel[] = [];
  const windowsUs: [number, number][] = [];
  await withProfiler(ctx, 'activation', async () => {
    for (const [i, { concurrency }] of levels.entries()) {
      const start = monotonicUs();
      results.push(await level(ctx, concurrency, invites[i] ?? []));
      windowsUs.push([start, monotonicUs()]);
    }
  });
  await waitForQuietQueues(ctx, 60_000);
  const floor = await measureFloor(
    ctx,
    invites.flat().map((invite) => invite.onboardingId),
  );
  return { levels: results, argon2: ARGON2_OPTIONS, windowsUs, floor };
}

async function prepare(
  ctx: BenchContext,
  concurrency: number,
  employees: number,
): Promise<Invite[]> {
  const tag = `${ACTIVATION_TAG}${concurrency}`;
  ctx.log(
    `activation c=${concurrency}: hiring ${employees} employees and waiting for their invites`,
  );
  const hired = await runPool(employees, 8, async (i) => {
    const answer = await ctx.hr.hire(hireBody(ctx.runId, tag, i));
    return answer.body.onboardingId;
  });
  if (hired.failures > 0) throw new Error(`activation: hiring failed: ${hired.firstError}`);
  const { missing } = await ctx.sink.waitForKeys(hired.values.map(inviteKey), {
    timeoutMs: 120_000,
  });
  // An employee without an invite cannot start; the level runs with the others.
  reportMissing(ctx, `activation c=${concurrency}: invites`, missing);
  return Promise.all(
    hired.values.flatMap((id) => {
      const raw = ctx.sink.byKey.get(inviteKey(id))?.raw;
      return raw ? [inviteFromMail(raw, id)] : [];
    }),
  );
}

async function level(
  ctx: BenchContext,
  concurrency: number,
  invites: Invite[],
): Promise<ActivationLevel> {
  ctx.log(`activation c=${concurrency}: ${invites.length} employees activate over HTTP`);
  // The hires' own invites and events first: they are the intake's cost, not this one's.
  await waitForQuietQueues(ctx, 60_000);
  const cpuBefore = await cpuTimes(ctx.services, ctx.mongoOnPostgresql);
  const flows = await runPool(invites.length, concurrency, (i) =>
    activate(ctx.services.apiUrl, invites[i] as Invite, `u${ctx.runId}c${concurrency}n${i}`),
  );
  await waitForQuietQueues(ctx, 60_000);
  const cpu = cpuCost(
    cpuBefore,
    await cpuTimes(ctx.services, ctx.mongoOnPostgresql),
    flows.values.length,
  );
  const perSecond = round(flows.values.length / flows.seconds, 2);
  const pick = (key: keyof FlowTimings) => summarize(flows.values.map((t) => t[key]));
  const stepMs = {
    open: pick('open'),
    code: pick('code'),
    credentials: pick('credentials'),
    twoFactor: pick('twoFactor'),
    total: pick('total'),
  };
  ctx.log(
    `activation c=${concurrency}: ${flows.values.length} active, ${flows.failures} failed in ` +
      `${flows.seconds.toFixed(1)} s (${perSecond}/s); p95 code ${stepMs.code.p95} ms, ` +
      `credentials ${stepMs.credentials.p95} ms, 2FA ${stepMs.twoFactor.p95} ms; ` +
      `${cpu.totalPerItemMs} CPU ms per flow (ceiling ${cpu.ceilingPerSecond}/s)`,
  );

  const hashes = await runPool(invites.length, concurrency, async () => {
    const password = `Tulp-${randomBytes(9).toString('base64url')}-7k`;
    return (await timed(() => hash(password, ARGON2_OPTIONS))).ms;
  });
  const limit = {
    hashes: hashes.values.length,
    perSecond: round(hashes.values.length / hashes.seconds, 2),
    hashMs: summarize(hashes.values),
  };
  const levelRatio = ratio(perSecond, limit.perSecond);
  ctx.log(
    `activation c=${concurrency}: raw argon2id ${limit.perSecond} hashes/s, p95 ` +
      `${limit.hashMs.p95} ms → ratio ${levelRatio}`,
  );
  return {
    concurrency,
    employees: invites.length,
    failures: flows.failures,
    ...(flows.firstError ? { firstError: flows.firstError } : {}),
    completionsPerSecond: perSecond,
    stepMs,
    limit,
    ratio: levelRatio,
    cpu,
  };
}
