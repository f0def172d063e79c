import { simpleParser } from 'mailparser';
import { createTransport } from 'nodemailer';
import { setTimeout as delay } from 'node:timers/promises';
import { MAIL_CONCURRENCY } from '../../src/mail/mail.queue';
import { hireBody } from '../hr';
import { runPool } from '../pool';
import { throttled } from '../progress';
import { type LatencySummary, ratio, round, summarize, timed } from '../stats';
import { type BenchContext, inviteKey, reportMissing } from './context';

export interface RemindersResult {
  onboardings: number;
  /** Extends that finished after the due moment (their reminder fired late); ideally 0. */
  lateExtends: number;
  /** Due reminders that never reached the sink. */
  lostReminders: number;
  failures: number;
  firstError?: string;
  /** From the due moment until the sink had every reminder. */
  burstSeconds: number;
  mailsPerSecond: number;
  /** Per mail: arrival at the sink minus the due moment. */
  arrivalMs: LatencySummary;
  /** nodemailer straight to the same sink, same message, same concurrency as the mail worker. */
  limit: { mails: number; seconds: number; mailsPerSecond: number; sendMs: LatencySummary };
  ratio: number;
}

/** Hires of this scenario; the sink keeps the first one's raw mails to copy for the limit. */
export const REMINDER_TAG = 'rem';
/** The mail worker's concurrency (workers/queue.worker.ts). */
const HOUR_MS = 3_600_000;

/**
 * N onboardings whose last-day reminder falls due at one moment: each gets a deadline one hour
 * after that moment (the extend admin action sets an absolute deadline), and a policy with the
 * last-day reminder one hour before the deadline and no earlier reminders.
 */
export async function remindersScenario(ctx: BenchContext): Promise<RemindersResult> {
  const n = ctx.options.reminders;
  const policy = { inviteReminders: [], codeValidity: '2h', lastDayReminder: '1h' };
  ctx.log(`reminders: hiring ${n} employees`);
  const progress = throttled(ctx.log);
  const created = await runPool(
    n,
    16,
    async (i) =>
      (await ctx.hr.hire(hireBody(ctx.runId, REMINDER_TAG, i, { policy }))).body.onboardingId,
    (done) => progress(`reminders: ${done}/${n} hired`, done === n),
  );
  const ids = created.values;
  const invites = await ctx.sink.waitForKeys(ids.map(inviteKey), { timeoutMs: 120_000 + n * 100 });
  reportMissing(ctx, 'reminders: invites', invites.missing);

  // The extends must all land before the due moment; each costs less than a hire did.
  // Whole milliseconds: the reminder's key carries the deadline as an integer.
  const dueAt = Math.round(Date.now() + Math.max(5000, created.seconds * 900) + 5000);
  const deadline = new Date(dueAt + HOUR_MS).toISOString();
  ctx.log(`reminders: moving ${ids.length} deadlines so every reminder falls due at one moment`);
  const extended = await runPool(ids.length, 16, async (i) => {
    const answer = await ctx.hr.call('POST', `/api/v1/onboardings/${ids[i]}/extend`, {
      onboardingId: ids[i],
      action: 'extend',
      actor: 'bench',
      reason: 'reminder burst',
      deadline,
    });
    if (answer.status !== 200) throw new Error(`extend answered ${answer.status}`);
    return Date.now() > dueAt;
  });
  const lateExtends = extended.values.filter(Boolean).length;
  const waitMs = dueAt - Date.now();
  ctx.log(`reminders: all due in ${(waitMs / 1000).toFixed(1)} s (${lateExtends} extends late)`);
  if (waitMs > 0) await delay(waitMs);

  const keys = ids.map((id) => `reminder.${id}.last_day.${dueAt + HOUR_MS}`);
  const waitLog = throttled(ctx.log, 2000);
  const { mails, missing } = await ctx.sink.waitForKeys(keys, {
    timeoutMs: 120_000 + n * 200,
    // The first reminder of a big burst may take a while; a minute without one is lost.
    stallMs: 60_000,
    progress: (arrived) =>
      waitLog(
        `reminders: ${arrived}/${keys.length} at the sink, ${((Date.now() - dueAt) / 1000).toFixed(1)} s after due`,
        arrived === keys.length,
      ),
  });
  reportMissing(ctx, 'reminders', missing);
  if (mails.length === 0) throw new Error('reminders: none arrived');
  const arrivals = mails.map((m) => m.at - dueAt);
  const burstSeconds = Math.max(...arrivals) / 1000;
  const mailsPerSecond = round(mails.length / burstSeconds);

  const sample = mails.find((m) => m.raw)?.raw;
  if (!sample) throw new Error('reminders: the sink kept no reminder to copy for the limit');
  const limit = await rawSends(ctx, sample, mails.length);
  const result = {
    onboardings: ids.length,
    lateExtends,
    lostReminders: missing.length,
    failures: created.failures + extended.failures,
    ...((created.firstError ?? extended.firstError)
      ? { firstError: created.firstError ?? extended.firstError }
      : {}),
    burstSeconds: round(burstSeconds, 2),
    mailsPerSecond,
    arrivalMs: summarize(arrivals),
    limit,
    ratio: ratio(mailsPerSecond, limit.mailsPerSecond),
  };
  ctx.log(
    `reminders: ${mails.length} in ${result.burstSeconds} s (${mailsPerSecond}/s); raw nodemailer ` +
      `${limit.mailsPerSecond}/s → ratio ${result.ratio}`,
  );
  return result;
}

/** The same reminder sent by nodemailer alone, as MailSender sends it (pooled connections). */
async function rawSends(
  ctx: BenchContext,
  sample: Buffer,
  count: number,
): Promise<RemindersResult['limit']> {
  const mail = await simpleParser(sample);
  const transport = createTransport({
    url: ctx.sink.url,
    pool: true,
    maxConnections: MAIL_CONCURRENCY,
  });
  try {
    const pool = await runPool(count, MAIL_CONCURRENCY, async (i) => {
      const { ms } = await timed(() =>
        transport.sendMail({
          from: mail.from?.text,
          to: `raw-${i}-${ctx.runId}@bench.example.nl`,
          subject: mail.subject,
          html: typeof mail.html === 'string' ? mail.html : undefined,
          text: mail.text,
          headers: { 'X-Onboarding-Mail': `raw.${ctx.runId}.${i}` },
        }),
      );
      return ms;
    });
    if (pool.failures > 0) throw new Error(`raw sends failed: ${pool.firstError}`);
    return {
      mails: pool.values.length,
      seconds: round(pool.seconds, 2),
      mailsPerSecond: round(pool.values.length / pool.seconds),
      sendMs: summarize(pool.values),
    };
  } finally {
    transport.close();
  }
}
