import { setTimeout as delay } from 'node:timers/promises';
import mongoose from 'mongoose';
import { hireBody } from '../hr';
import { waitForQuietQueues } from '../quiet';
import { runPool } from '../pool';
import { throttled } from '../progress';
import { serverPids } from '../server-pids';
import { rssOf } from '../services';
import { type LatencySummary, ratio, round, summarize, timed } from '../stats';
import { type BenchContext, inviteKey, reportMissing } from './context';

export interface LatencyProbe {
  getStatusMs: LatencySummary;
  webhookMs: LatencySummary;
  /** The database alone: one onboarding by _id, as the GET status reads it first. */
  databaseFindMs: LatencySummary;
}

export interface ScaleResult {
  /** Asked for; `open` is fewer when the time budget ran out first. */
  target: number;
  budgetSeconds: number;
  createConcurrency: number;
  open: number;
  createSeconds: number;
  createdPerSecond: number;
  failures: number;
  firstError?: string;
  /** From the first webhook until the sink had every invite. */
  allInvitesSentSeconds: number;
  lostInvites: number;
  rssBefore: Record<string, number>;
  rssAfter: Record<string, number>;
  bytesPerOpenOnboarding: Record<string, number>;
  baseline: LatencyProbe;
  loaded: LatencyProbe;
  /** p95 with N open ÷ p95 at baseline: about 1 means the API holds. */
  p95Ratio: { getStatus: number; webhook: number; databaseFind: number };
}

// Past 16 webhooks at a time intake gains little on two cores (see the intake table).
const CREATE_CONCURRENCY = 16;
const PROBE_CONCURRENCY = 4;

export async function scaleScenario(ctx: BenchContext): Promise<ScaleResult> {
  const n = ctx.options.scale;
  const probes = await runPool(10, 4, async (i) => {
    const answer = await ctx.hr.hire(hireBody(ctx.runId, 'probe', i));
    return answer.body.onboardingId;
  });
  await ctx.sink.waitForKeys(probes.values.map(inviteKey), { timeoutMs: 60_000 });
  await waitForQuietQueues(ctx, 180_000);
  const baseline = await probe(ctx, probes.values, 'baseline', 'pbase');
  const rssBefore = await memory(ctx);

  const budget = ctx.options.scaleBudget;
  ctx.log(
    `scale: opening ${n} onboardings, ${CREATE_CONCURRENCY} webhooks at a time` +
      (budget ? ` (for at most ${budget} s)` : ''),
  );
  const progress = throttled(ctx.log);
  const firstAt = Date.now();
  const created = await runPool(
    n,
    CREATE_CONCURRENCY,
    async (i) => (await ctx.hr.hire(hireBody(ctx.runId, 'sc', i))).body.onboardingId,
    (done) => {
      const seconds = (Date.now() - firstAt) / 1000;
      progress(
        `scale: ${done}/${n} webhooks answered, ${(done / seconds).toFixed(1)}/s, ` +
          `${ctx.sink.byKey.size} mails at the sink`,
        done === n,
      );
    },
    budget ? firstAt + budget * 1000 : Infinity,
  );
  if (created.values.length + created.failures < n) {
    ctx.log(`scale: time budget over; measuring with ${created.values.length} open, not ${n}`);
  }
  const waitLog = throttled(ctx.log);
  const { missing } = await ctx.sink.waitForKeys(created.values.map(inviteKey), {
    timeoutMs: 120_000 + n * 100,
    progress: (arrived) =>
      waitLog(
        `scale: ${arrived}/${created.values.length} invites sent`,
        arrived === created.values.length,
      ),
  });
  reportMissing(ctx, 'scale: invites', missing);
  const allInvitesSentSeconds = round((Date.now() - firstAt) / 1000);
  // Let queues, caches and the event delivery settle before reading memory again.
  await waitForQuietQueues(ctx, 180_000);
  await delay(5000);
  const rssAfter = await memory(ctx);
  const loaded = await probe(ctx, probes.values, `with ${created.values.length} open`, 'pload');

  const open = created.values.length;
  const bytesPerOpenOnboarding: Record<string, number> = {};
  for (const [name, after] of Object.entries(rssAfter)) {
    const before = rssBefore[name];
    if (before !== undefined) bytesPerOpenOnboarding[name] = Math.round((after - before) / open);
  }
  const p95Ratio = {
    getStatus: ratio(loaded.getStatusMs.p95, baseline.getStatusMs.p95),
    webhook: ratio(loaded.webhookMs.p95, baseline.webhookMs.p95),
    databaseFind: ratio(loaded.databaseFindMs.p95, baseline.databaseFindMs.p95),
  };
  ctx.log(
    `scale: ${open} open; worker +${bytesPerOpenOnboarding['temporal-worker'] ?? '?'} B each, ` +
      `api +${bytesPerOpenOnboarding.api ?? '?'} B each; p95 ratio GET ${p95Ratio.getStatus}, ` +
      `webhook ${p95Ratio.webhook}, database find ${p95Ratio.databaseFind}`,
  );
  return {
    target: n,
    budgetSeconds: budget,
    createConcurrency: CREATE_CONCURRENCY,
    open,
    createSeconds: round(created.seconds),
    createdPerSecond: round(open / created.seconds),
    failures: created.failures,
    ...(created.firstError ? { firstError: created.firstError } : {}),
    allInvitesSentSeconds,
    lostInvites: missing.length,
    rssBefore,
    rssAfter,
    bytesPerOpenOnboarding,
    baseline,
    loaded,
    p95Ratio,
  };
}

/**
 * GET status of known onboardings and new webhooks, a few at a time, timed one by one; and
 * the same lookups straight to the database, the part every call stands on.
 */
async function probe(
  ctx: BenchContext,
  ids: string[],
  label: string,
  tag: string,
): Promise<LatencyProbe> {
  const gets = ctx.options.quick ? 60 : 300;
  const posts = ctx.options.quick ? 20 : 60;
  const status = await runPool(gets, PROBE_CONCURRENCY, async (i) => {
    const answer = await ctx.hr.call('GET', `/api/v1/onboardings/${ids[i % ids.length]}`);
    if (answer.status !== 200) throw new Error(`GET status answered ${answer.status}`);
    return answer.ms;
  });
  // Before the webhooks: their invites and events would load the database while it is timed.
  const connection = await mongoose.createConnection(ctx.mongoUri).asPromise();
  const collection = connection.collection<{ _id: string }>('onboardings');
  // One connection per concurrent lookup opened first: a handshake is not a lookup.
  await Promise.all(ids.slice(0, PROBE_CONCURRENCY).map((id) => collection.findOne({ _id: id })));
  const finds = await runPool(gets, PROBE_CONCURRENCY, async (i) => {
    const { value, ms } = await timed(() => collection.findOne({ _id: ids[i % ids.length] }));
    if (!value) throw new Error('an onboarding is missing from the database');
    return ms;
  }).finally(() => connection.close());
  const hooks = await runPool(posts, PROBE_CONCURRENCY, async (i) => {
    return (await ctx.hr.hire(hireBody(ctx.runId, tag, i))).ms;
  });
  const result = {
    getStatusMs: summarize(status.values),
    webhookMs: summarize(hooks.values),
    databaseFindMs: summarize(finds.values),
  };
  ctx.log(
    `scale ${label}: GET status p95 ${result.getStatusMs.p95} ms, webhook p95 ` +
      `${result.webhookMs.p95} ms, database find p95 ${result.databaseFindMs.p95} ms`,
  );
  return result;
}

/** RSS of the service processes and, when found, of the bench's own servers. */
async function memory(ctx: BenchContext): Promise<Record<string, number>> {
  const result = await ctx.services.rss();
  for (const [name, pid] of Object.entries(await serverPids())) {
    result[name] = await rssOf(pid).catch(() => 0);
  }
  return result;
}
