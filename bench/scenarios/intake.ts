import { Queue } from 'bullmq';
import { BareStarter, type BareStartResult } from '../bare-start';
import { type CpuCost, cpuCost, cpuTimes } from '../cpu';
import { hireBody } from '../hr';
import { runPool } from '../pool';
import { waitForQuietQueues } from '../quiet';
import { type LatencySummary, ratio, round, summarize } from '../stats';
import { type BenchContext, inviteKey, monotonicUs, reportMissing, withProfiler } from './context';

export interface IntakeLevel {
  concurrency: number;
  webhooks: number;
  failures: number;
  firstError?: string;
  /** Accepted webhooks (each started its workflow before answering) per second. */
  perSecond: number;
  webhookMs: LatencySummary;
  /** From sending the webhook until the invite job was in the mail queue. */
  inviteQueuedMs: LatencySummary;
  /** From sending the webhook until the SMTP sink had the invite. */
  inviteSentMs: LatencySummary;
  /** Accepted hires whose invite never reached the sink. */
  lostInvites: number;
  limit: BareStartResult;
  /** Webhooks per second ÷ bare starts per second. */
  ratio: number;
  /** Per accepted hire, until its invite was sent and its event delivered. */
  cpu: CpuCost;
}

export interface IntakeResult {
  levels: IntakeLevel[];
  /** Monotonic (µs) windows from the first webhook until the queues were quiet, per level. */
  windowsUs: [number, number][];
}

export async function intakeScenario(ctx: BenchContext): Promise<IntakeResult> {
  const bare = await BareStarter.start(ctx.temporalAddress, ctx.runId, ctx.log);
  const mailQueue = new Queue('mail', {
    connection: { url: ctx.redisUrl },
    prefix: ctx.prefix,
  });
  try {
    const levels: IntakeLevel[] = [];
    const windowsUs: [number, number][] = [];
    await withProfiler(ctx, 'intake', async () => {
      for (const concurrency of ctx.options.intakeConcurrency) {
        levels.push(await level(ctx, concurrency, bare, mailQueue, windowsUs));
      }
    });
    return { levels, windowsUs };
  } finally {
    await mailQueue.close();
    await bare.close();
  }
}

async function level(
  ctx: BenchContext,
  concurrency: number,
  bare: BareStarter,
  mailQueue: Queue,
  windowsUs: [number, number][],
): Promise<IntakeLevel> {
  const count = ctx.options.quick
    ? Math.max(4, concurrency * 2)
    : Math.min(192, Math.max(30, concurrency * 6));
  ctx.log(`intake c=${concurrency}: sending ${count} signed webhooks`);
  const cpuBefore = await cpuTimes(ctx.services, ctx.mongoOnPostgresql);
  const windowStart = monotonicUs();
  const pool = await runPool(count, concurrency, async (i) => {
    const sentAt = Date.now();
    const answer = await ctx.hr.hire(hireBody(ctx.runId, `in${concurrency}`, i));
    return { id: answer.body.onboardingId, sentAt, ms: answer.ms };
  });
  const accepted = pool.values;
  const perSecond = round(accepted.length / pool.seconds);
  const webhookMs = summarize(accepted.map((a) => a.ms));
  ctx.log(
    `intake c=${concurrency}: ${accepted.length} accepted, ${pool.failures} failed in ` +
      `${pool.seconds.toFixed(1)} s (${perSecond}/s), p95 ${webhookMs.p95} ms`,
  );

  const { missing } = await ctx.sink.waitForKeys(
    accepted.map((a) => inviteKey(a.id)),
    { timeoutMs: 60_000 + count * 500 },
  );
  reportMissing(ctx, `intake c=${concurrency}: invites`, missing);
  await waitForQuietQueues(ctx, 60_000);
  windowsUs.push([windowStart, monotonicUs()]);
  const cpu = cpuCost(
    cpuBefore,
    await cpuTimes(ctx.services, ctx.mongoOnPostgresql),
    accepted.length,
  );
  const queued: number[] = [];
  const sent: number[] = [];
  for (const a of accepted) {
    const job = await mailQueue.getJob(inviteKey(a.id));
    if (job) queued.push(job.timestamp - a.sentAt);
    const mail = ctx.sink.byKey.get(inviteKey(a.id));
    if (mail) sent.push(mail.at - a.sentAt);
  }
  const inviteSentMs = summarize(sent);
  ctx.log(
    `intake c=${concurrency}: ${sent.length} invites sent, p95 ${inviteSentMs.p95} ms after the ` +
      `webhook; ${cpu.totalPerItemMs} CPU ms per hire (ceiling ${cpu.ceilingPerSecond}/s)`,
  );

  const limit = await bare.run(`${ctx.runId}-c${concurrency}`, count, concurrency);
  const levelRatio = ratio(perSecond, limit.perSecond);
  ctx.log(
    `intake c=${concurrency}: bare workflow start ${limit.perSecond}/s, p95 ${limit.startMs.p95} ms ` +
      `→ ratio ${levelRatio}`,
  );
  return {
    concurrency,
    webhooks: count,
    failures: pool.failures,
    ...(pool.firstError ? { firstError: pool.firstError } : {}),
    perSecond,
    webhookMs,
    inviteQueuedMs: summarize(queued),
    inviteSentMs,
    lostInvites: missing.length,
    limit,
    ratio: levelRatio,
    cpu,
  };
}
