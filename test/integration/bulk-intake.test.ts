import { getConnectionToken } from '@nestjs/mongoose';
import { Client } from '@temporalio/client';
import { type Job } from 'bullmq';
import { type Collection } from 'mongodb';
import { type Connection } from 'mongoose';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BulkAnswer } from '../../src/bulk-intake/bulk-intake.dto';
import type { MailJob } from '../../src/mail/mail.queue';
import { createOnboardingSchema } from '../../src/onboardings/onboarding.dto';
import { OnboardingIntake } from '../../src/onboardings/onboarding-intake';
import type { OnboardingRecord } from '../../src/onboardings/onboarding.schema';
import { Harness, newHire } from '../support/harness';
import { SmtpSink } from '../support/smtp-sink';
import { eventually, uniqueName } from '../support/wait';

const BULK = '/api/v1/onboardings/bulk';

interface Problem {
  type: string;
  status: number;
  errors?: { field: string; message: string }[];
}

type Hire = Record<string, unknown> & { employeeId: string; email: string };

/** Every hire of this file's run starts with it, so the run can remove what it stored. */
const RUN = uniqueName('bulk');
let batches = 0;

/** `n` new hires of this run, numbered. */
function hires(n: number): Hire[] {
  const prefix = `${RUN}-${batches++}`;
  return Array.from({ length: n }, (_, i) => {
    const employeeId = `${prefix}-${i}`;
    return { ...newHire(), employeeId, email: `${employeeId}@example.nl`.toLowerCase() };
  });
}

const MAIL_STATES = ['waiting', 'prioritized', 'active', 'completed', 'failed'] as const;

/** Every mail job of the harness's queue, in any state. */
function allMails(h: Harness): Promise<Job<MailJob>[]> {
  return h.mailQueue.getJobs([...MAIL_STATES]);
}

/**
 * Until the harness's queue (its own: only this test's mails) holds `n` mails. Asked of Redis,
 * not the database: on FerretDB every poll of a collection would read all of it.
 */
function mailsQueued(h: Harness, n: number): Promise<number> {
  return eventually(
    `${n} mails in the queue`,
    async () => {
      const counts = await h.mailQueue.getJobCounts(...MAIL_STATES);
      const queued = Object.values(counts).reduce((a, b) => a + b, 0);
      return queued >= n ? queued : undefined;
    },
    400_000,
  );
}

/**
 * Stops the harness, removing the run's onboardings and events first: hundreds per run would
 * slow every later test on the shared FerretDB, which reads a whole collection per query.
 */
async function closeAndForget(h: Harness): Promise<void> {
  await h.stopWorker();
  const db = h.api.get<Connection>(getConnectionToken());
  const ours = { employeeId: { $regex: `^${RUN}` } };
  await db.collection('onboardings').deleteMany(ours);
  await db.collection('events').deleteMany(ours);
  await h.close();
}

describe('the bulk intake', () => {
  let h: Harness;
  let onboardings: Collection<OnboardingRecord>;
  beforeAll(async () => {
    h = await Harness.start();
    onboardings = h.api
      .get<Connection>(getConnectionToken())
      .collection<OnboardingRecord>('onboardings');
  });
  afterAll(async () => {
    await closeAndForget(h);
  });

  it('answers per hire, and gives each accepted hire one onboarding, workflow and invite', async () => {
    const sent = hires(200);
    const single = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', sent[5]);
    expect(single.status).toBe(202);
    const hire = (i: number): Hire => {
      const found = sent[i];
      if (!found) throw new Error(`no hire ${i}`);
      return found;
    };
    sent[17] = { ...hire(17), email: 'not-an-address' };
    sent[42] = { ...hire(42), population: 'no-such-population' };
    sent.push({ ...hire(3), firstName: 'Twice' }); // the same hire again, in the same bulk
    const webhookId = `msg_${uniqueName('bulk')}`;

    const res = await h.hr<BulkAnswer>('POST', BULK, { hires: sent }, { webhookId });

    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ accepted: 197, duplicates: 2, invalid: 2 });
    const { items } = res.body;
    expect(items.map((i) => i.index)).toEqual(sent.map((_, i) => i));
    expect(items[17]).toEqual({
      index: 17,
      employeeId: sent[17]?.employeeId,
      status: 'invalid',
      errors: [{ field: 'email', message: 'Invalid email address' }],
    });
    expect(items[42]?.status).toBe('invalid');
    expect(items[42]?.errors?.map((e) => e.field)).toEqual(['population']);
    expect(items[42]?.errors?.[0]?.message).toContain('"no-such-population" is not among');
    expect(items[5]).toMatchObject({ status: 'duplicate', onboardingId: single.body.onboardingId });
    expect(items[200]).toMatchObject({ status: 'duplicate', onboardingId: items[3]?.onboardingId });
    const accepted = items.filter((i) => i.status === 'accepted').map((i) => i.onboardingId!);
    expect(new Set(accepted).size).toBe(197);

    // One onboarding per hire, each marked as a bulk's.
    const employeeIds = sent.map((one) => one.employeeId);
    const stored = await onboardings.find({ employeeId: { $in: employeeIds } }).toArray();
    expect(stored).toHaveLength(198); // 197 accepted and the one taken in before
    expect(stored.filter((r) => r.intake === 'bulk').map((r) => r._id)).toEqual(
      expect.arrayContaining(accepted),
    );

    // Each workflow ran its first steps: recorded its run and queued one invite, behind others.
    await mailsQueued(h, accepted.length + 1);
    const started = await onboardings.countDocuments({
      _id: { $in: accepted },
      workflowRunId: { $exists: true },
    });
    expect(started).toBe(accepted.length);
    const invites = (await allMails(h)).filter((j) => j.data.template === 'invite');
    for (const id of accepted) {
      const mine = invites.filter((j) => j.data.onboardingId === id);
      expect(mine).toHaveLength(1);
      expect(mine[0]?.opts.priority).toBe(10);
    }
    const singleInvite = invites.find((j) => j.data.onboardingId === single.body.onboardingId);
    expect(singleInvite?.opts.priority ?? 0).toBe(0);
    const workflows = h.get(Client).workflow;
    const described = await workflows
      .getHandle(`onboarding/default/${sent[0]?.employeeId}`)
      .describe();
    expect(described.status.name).toBe('RUNNING');

    // The same request again is answered as the first time; nothing new is made.
    const again = await h.hr<BulkAnswer>('POST', BULK, { hires: sent }, { webhookId });
    expect(again.status).toBe(202);
    expect(again.body).toEqual(res.body);

    // The same hires in a new request are the open onboardings' duplicates.
    const later = await h.hr<BulkAnswer>('POST', BULK, { hires: sent });
    expect(later.status).toBe(202);
    expect(later.body).toMatchObject({ accepted: 0, duplicates: 199, invalid: 2 });
    expect(later.body.items.map((i) => i.onboardingId)).toEqual(items.map((i) => i.onboardingId));
    expect(await onboardings.countDocuments({ employeeId: { $in: employeeIds } })).toBe(198);
  }, 600_000);

  it('starts the workflow of a hire stored by a bulk that died before queueing its start', async () => {
    const [hire] = hires(1);
    // What a crash between storing and queueing leaves: the record, no workflow.
    const { record } = await h.get(OnboardingIntake).createOrFindOpen(
      h.config.hrClients.find((c) => c.id === 'default')!,
      createOnboardingSchema.parse(hire),
      {
        bulk: true,
        webhookId: `msg_${uniqueName('died')}`,
      },
    );
    const res = await h.hr<BulkAnswer>('POST', BULK, { hires: [hire] });
    expect(res.body.items).toEqual([
      { index: 0, employeeId: hire?.employeeId, status: 'duplicate', onboardingId: record._id },
    ]);
    await eventually('the workflow to record its run', async () => {
      const found = await onboardings.findOne({ _id: record._id });
      return found?.workflowRunId;
    });
  });

  it('starts again, by its periodic sweep, an onboarding still without a run long after intake', async () => {
    // A harness whose sweep runs every second for onboardings left an hour; no other test
    // file's records are that old, so this one is the only one it finds.
    const swept = await Harness.start({
      configure: (c) => ({
        ...c,
        workflowStarts: { restartAfterMs: 3_600_000, sweepEveryMs: 1000 },
      }),
    });
    try {
      const [hire] = hires(1);
      // A bulk that died before queueing its start, and HR never sent the hire again.
      const { record } = await swept.get(OnboardingIntake).createOrFindOpen(
        swept.config.hrClients.find((c) => c.id === 'default')!,
        createOnboardingSchema.parse(hire),
        { bulk: true, webhookId: `msg_${uniqueName('lost')}` },
      );
      await onboardings.updateOne(
        { _id: record._id },
        { $set: { createdAt: new Date(Date.now() - 2 * 3_600_000) } },
      );
      await eventually('the swept onboarding to record its run', async () => {
        const found = await onboardings.findOne({ _id: record._id });
        return found?.workflowRunId;
      });
      await eventually('its invite', async () =>
        (await swept.mailsFor(record._id)).some((m) => m.data.template === 'invite')
          ? true
          : undefined,
      );
    } finally {
      await swept.close();
    }
  });

  it('refuses more than 500 hires, or no list of hires, with 400', async () => {
    const tooMany = await h.hr<Problem>('POST', BULK, {
      hires: Array.from({ length: 501 }, () => ({})),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.type).toBe('urn:problem:onboarding:validation');
    expect(tooMany.body.errors).toEqual([
      { field: 'hires', message: 'at most 500 hires per request; send more in several requests' },
    ]);
    const notAList = await h.hr<Problem>('POST', BULK, newHire());
    expect(notAList.status).toBe(400);
  });

  it('refuses an unsigned request with 401 and stores nothing', async () => {
    const sent = hires(2);
    const res = await h.request<Problem>('POST', BULK, JSON.stringify({ hires: sent }));
    expect(res.status).toBe(401);
    expect(res.body.type).toBe('urn:problem:onboarding:webhook-missing-headers');
    expect(await onboardings.countDocuments({ employeeId: sent[0]?.employeeId })).toBe(0);
  });

  it('takes a body over the API’s 64 KiB, up to 1 MiB; more gets 413', async () => {
    // Names too long for the intake: every hire is refused, so nothing is stored.
    const long = hires(300).map((hire) => ({ ...hire, firstName: 'x'.repeat(300) }));
    const big = await h.hr<BulkAnswer>('POST', BULK, { hires: long });
    expect(big.status).toBe(202);
    expect(big.body).toMatchObject({ accepted: 0, duplicates: 0, invalid: 300 });
    const huge = hires(400).map((hire) => ({ ...hire, firstName: 'x'.repeat(3000) }));
    const tooBig = await h.hr<Problem>('POST', BULK, { hires: huge });
    expect(tooBig.status).toBe(413);
    expect(tooBig.contentType).toMatch(/^application\/problem\+json/);
  });

  it('`npm run hire -- --csv` sends a CSV, shows a summary and writes the refused rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hires-'));
    const file = join(dir, 'hires.csv');
    const prefix = `${RUN}-csv`;
    writeFileSync(
      file,
      'employeeId,email,firstName,lastName,locale,startDate,managerName,managerEmail\n' +
        `${prefix}-1,${prefix}-1@example.nl,Anouk,Jansen,nl,,Piet,piet@example.nl\n` +
        `${prefix}-2,not-an-address,Sam,Smith,en,,,\n` +
        `${prefix}-3,${prefix}-3@example.nl,Ida,de Wit,nl,2027-02-01,Piet,not-a-manager\n` +
        `${prefix}-4,${prefix}-4@example.nl,Bo,Bakker,en,,,\n`,
    );
    const run = await runScript(['--csv', file], {
      PUBLIC_URL: h.url,
      HR_WEBHOOK_SECRET: process.env.HR_WEBHOOK_SECRET ?? '',
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('4/4 sent…');
    expect(run.stdout).toContain('accepted: 2, duplicate: 0, invalid: 2');
    expect(readFileSync(join(dir, 'hires.failures.csv'), 'utf8')).toBe(
      'row,employeeId,field,message\r\n' +
        `3,${prefix}-2,email,Invalid email address\r\n` +
        `4,${prefix}-3,managerEmail,Invalid email address\r\n`,
    );
    const stored = await onboardings.findOne({ employeeId: `${prefix}-1` });
    expect(stored).toMatchObject({ manager: { name: 'Piet', email: 'piet@example.nl' } });
  }, 120_000);
});

describe("a bulk's invites under a low SMTP rate", () => {
  /** Mails a second: the bulk's 300 take a minute. */
  const RATE = 5;
  let sink: SmtpSink;
  let h: Harness;
  beforeAll(async () => {
    sink = await SmtpSink.start();
    // The mail workers start once the bulk is queued (below).
    h = await Harness.start({
      configure: (c) => ({ ...c, mail: { ...c.mail, smtpUrl: sink.url, ratePerSecond: RATE } }),
    });
  });
  afterAll(async () => {
    await h.stopQueueWorkers();
    // What the bulk had left to send: nobody reads this queue again.
    await h.mailQueue.obliterate({ force: true });
    await closeAndForget(h);
    await sink.close();
  });

  it('drain at that rate while a single hire gets their invite within seconds', async () => {
    const bulk = await h.hr<BulkAnswer>('POST', BULK, { hires: hires(300) });
    expect(bulk.body.accepted).toBe(300);
    // All 300 invites queued before any is sent, however fast this stack runs the workflows.
    await mailsQueued(h, 300);
    await h.startQueueWorkers();
    const drainFrom = Date.now();

    const [hire] = hires(1);
    const sentAt = Date.now();
    const single = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', hire);
    expect(single.status).toBe(202);
    await eventually('the single invite at the SMTP server', () =>
      Promise.resolve(sink.to(hire!.email)[0]),
    );
    const waited = Date.now() - sentAt;
    const bulkDelivered = sink.received.length - 1;
    const { prioritized = 0 } = await h.mailQueue.getJobCounts('prioritized');

    expect(waited).toBeLessThan(10_000);
    // At the rate the SMTP server allows (and a second's worth at the start).
    expect(bulkDelivered).toBeLessThanOrEqual(RATE * ((Date.now() - drainFrom) / 1000 + 1));
    // The bulk was far from drained: its invites wait behind the single one.
    expect(bulkDelivered).toBeLessThan(300);
    expect(prioritized).toBeGreaterThan(0);
  }, 600_000);
});

/** The CSV tool as HR staff run it (through tsx), against this test's API. */
function runScript(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/send-hire.ts', ...args],
      { env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: unknown }).code ?? 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
