import { hash } from '@node-rs/argon2';
import mongoose from 'mongoose';
import { ARGON2_OPTIONS } from '../src/security/password-hash';
import { BareStarter } from './bare-start';
import { BENCH_PROCESS, cpuCost, type CpuTimes, cpuTimes, sumMs } from './cpu';
import { runPool } from './pool';
import { type BenchContext } from './scenarios/context';

/**
 * What the service's shape costs on this machine before any of its own work: the Temporal
 * server and the SDK running bare hires (bareHireWorkflow: a start and one local activity) and
 * bare flows (bareFlowWorkflow: a start, three updates, five local activities doing nothing),
 * one database command (a read by `_id` of an onboarding) across the client, the database
 * server and, under FerretDB, PostgreSQL, and one argon2id hash with the service's parameters.
 * Measured in the bench process while the service idles, so its CPU is the SDK's, the driver's
 * or argon2's.
 */
export interface CpuFloor {
  flows: number;
  /** Per bare hire (absent in reports of earlier runs), by process as perFlowMs. */
  perHireMs?: CpuTimes;
  /** Per bare flow: `temporal-server`, and `sdk` (client and worker, in the bench process). */
  perFlowMs: CpuTimes;
  commands: number;
  /** Per command: `client` (driver and mongoose), `mongodb-server`, `postgresql`. */
  perCommandMs: CpuTimes;
  hashes?: number;
  /** Per argon2id hash, in the bench process (absent in reports of earlier runs). */
  perHashMs?: CpuTimes;
}

const FLOWS = 96;
const COMMANDS = 1000;
const HASHES = 64;

export async function measureFloor(ctx: BenchContext, onboardingIds: string[]): Promise<CpuFloor> {
  if (onboardingIds.length === 0) throw new Error('floor: no onboarding to read');
  const bare = await BareStarter.start(ctx.temporalAddress, ctx.runId, ctx.log);
  const temporalParts = (spent: CpuTimes): CpuTimes => ({
    'temporal-server': spent['temporal-server'] ?? 0,
    sdk: spent[BENCH_PROCESS] ?? 0,
  });
  let perHireMs: CpuTimes;
  let perFlowMs: CpuTimes;
  try {
    // One untimed flow first: the worker's first task loads the workflow bundle.
    await bare.runBare('flow', `${ctx.runId}-warm`, 1, 1);
    perHireMs = temporalParts(
      await cpuPerItem(ctx, FLOWS, () => bare.runBare('hire', ctx.runId, FLOWS, 16)),
    );
    perFlowMs = temporalParts(
      await cpuPerItem(ctx, FLOWS, () => bare.runBare('flow', ctx.runId, FLOWS, 16)),
    );
  } finally {
    await bare.close();
  }
  const connection = await mongoose.createConnection(ctx.mongoUri).asPromise();
  let perCommandMs: CpuTimes;
  try {
    const onboardings = connection.collection<{ _id: string }>('onboardings');
    const idAt = (i: number) => onboardingIds[i % onboardingIds.length] ?? '';
    await onboardings.findOne({ _id: idAt(0) });
    const spent = await cpuPerItem(ctx, COMMANDS, async () => {
      for (let i = 0; i < COMMANDS; i++) await onboardings.findOne({ _id: idAt(i) });
    });
    perCommandMs = {
      client: spent[BENCH_PROCESS] ?? 0,
      'mongodb-server': spent['mongodb-server'] ?? 0,
      ...(ctx.mongoOnPostgresql ? { postgresql: spent.postgresql ?? 0 } : {}),
    };
  } finally {
    await connection.close();
  }
  // Two at a time, as the API's two cores would run them; argon2 runs on libuv's threads.
  const hashed = await cpuPerItem(ctx, HASHES, async () => {
    const pool = await runPool(HASHES, 2, () => hash('floor-measure-password', ARGON2_OPTIONS));
    if (pool.failures > 0) throw new Error(`floor: argon2id failed: ${pool.firstError}`);
  });
  const perHashMs = { argon2: hashed[BENCH_PROCESS] ?? 0 };
  ctx.log(
    `floor: a bare hire ${sumMs(perHireMs)} CPU ms, a bare flow ${sumMs(perFlowMs)} ` +
      `(server ${perFlowMs['temporal-server']}, SDK ${perFlowMs.sdk}); a database command ` +
      `${sumMs(perCommandMs)}; an argon2id hash ${sumMs(perHashMs)}`,
  );
  return {
    flows: FLOWS,
    perHireMs,
    perFlowMs,
    commands: COMMANDS,
    perCommandMs,
    hashes: HASHES,
    perHashMs,
  };
}

/** Each process's CPU while `run` does `items` of something, per item. */
async function cpuPerItem(
  ctx: BenchContext,
  items: number,
  run: () => Promise<void>,
): Promise<CpuTimes> {
  const before = await cpuTimes(ctx.services, ctx.mongoOnPostgresql);
  await run();
  return cpuCost(before, await cpuTimes(ctx.services, ctx.mongoOnPostgresql), items).perItemMs;
}
