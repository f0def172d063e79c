import mongoose from 'mongoose';
import { BareStarter } from './bare-start';
import { BENCH_PROCESS, cpuCost, type CpuTimes, cpuTimes, sumMs } from './cpu';
import { type BenchContext } from './scenarios/context';

/**
 * What the service's shape costs on this machine before any of its own work: the Temporal
 * server and the SDK running bare flows (bareFlowWorkflow: a start, three updates, five local
 * activities doing nothing), and one database command (a read by `_id` of an onboarding) across
 * the client, the database server and, under FerretDB, PostgreSQL. Measured in the bench
 * process while the service idles, so its CPU is the SDK's or the driver's.
 */
export interface CpuFloor {
  flows: number;
  /** Per bare flow: `temporal-server`, and `sdk` (client and worker, in the bench process). */
  perFlowMs: CpuTimes;
  commands: number;
  /** Per command: `client` (driver and mongoose), `mongodb-server`, `postgresql`. */
  perCommandMs: CpuTimes;
}

const FLOWS = 96;
const COMMANDS = 1000;

export async function measureFloor(ctx: BenchContext, onboardingIds: string[]): Promise<CpuFloor> {
  if (onboardingIds.length === 0) throw new Error('floor: no onboarding to read');
  const bare = await BareStarter.start(ctx.temporalAddress, ctx.runId, ctx.log);
  let perFlowMs: CpuTimes;
  try {
    // One untimed flow first: the worker's first task loads the workflow bundle.
    await bare.runFlows(`${ctx.runId}-warm`, 1, 1);
    const spent = await cpuPerItem(ctx, FLOWS, () => bare.runFlows(ctx.runId, FLOWS, 16));
    perFlowMs = {
      'temporal-server': spent['temporal-server'] ?? 0,
      sdk: spent[BENCH_PROCESS] ?? 0,
    };
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
  ctx.log(
    `floor: a bare flow ${sumMs(perFlowMs)} CPU ms (server ${perFlowMs['temporal-server']}, ` +
      `SDK ${perFlowMs.sdk}); a database command ${sumMs(perCommandMs)} CPU ms`,
  );
  return { flows: FLOWS, perFlowMs, commands: COMMANDS, perCommandMs };
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
