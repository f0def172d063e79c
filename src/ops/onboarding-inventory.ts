import { Injectable, Logger } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { OnboardingRepository } from '../onboardings/onboarding.repository';
import type { OnboardingRecord } from '../onboardings/onboarding.schema';
import { type ExportQuery, toFilter } from './ops-filters';
import { type OpsActionOutcome, OpsActions } from './ops-actions';

const FIELDS = [
  '_id',
  'clientId',
  'employeeId',
  'status',
  'stepSince',
  'deadline',
  'remindersSent',
  'audit',
] as const;
const CONTACT_FIELDS = ['firstName', 'lastName', 'email'] as const;
/** Tries at recording how an export ended, a second more apart each time. */
const SETTLE_ATTEMPTS = 5;

type Row = Pick<OnboardingRecord, (typeof FIELDS)[number]> &
  Partial<Pick<OnboardingRecord, (typeof CONTACT_FIELDS)[number]>>;

/** The contact columns come last, so the others keep their place whether asked for or not. */
const COLUMNS = [
  'onboarding_id',
  'hr_client',
  'employee_id',
  'status',
  'in_step_since',
  'deadline',
  'reminders_sent',
  'last_admin_action',
  'last_admin_action_at',
  'last_admin_action_by',
];
const CONTACT_COLUMNS = ['first_name', 'last_name', 'email'];

function cells(r: Row, contact: boolean): (string | number | null)[] {
  // Pushed in order; the latest by time all the same, should two ever arrive out of order.
  const last = r.audit.reduce<Row['audit'][number] | undefined>(
    (latest, a) => (latest && latest.at > a.at ? latest : a),
    undefined,
  );
  const row = [
    r._id,
    r.clientId,
    r.employeeId,
    r.status,
    r.stepSince.toISOString(),
    r.deadline?.toISOString() ?? null,
    r.remindersSent,
    last?.action ?? null,
    last?.at.toISOString() ?? null,
    last?.by.clientId ?? null,
  ];
  return contact ? [...row, r.firstName ?? null, r.lastName ?? null, r.email ?? null] : row;
}

/**
 * The ops list as CSV for HR, streamed: rows go out as the cursor reads them, at the pace the
 * client takes them, so a hundred thousand onboardings never sit in memory at once.
 */
@Injectable()
export class OnboardingInventory {
  private readonly logger = new Logger(OnboardingInventory.name);

  constructor(
    private readonly onboardings: OnboardingRepository,
    private readonly actions: OpsActions,
  ) {}

  async export(query: ExportQuery, res: Response): Promise<void> {
    const contact = query.include === 'contact';
    const exportId = await this.actions.begin(query, contact);
    const cursor = this.onboardings.cursor<keyof Row>(
      toFilter(query),
      contact ? [...FIELDS, ...CONTACT_FIELDS] : FIELDS,
    );
    let rows = 0;
    let first: Row | null;
    try {
      // Before any byte is sent a failure is still an ordinary problem answer (503 and all).
      first = await cursor.next();
    } catch (error) {
      await cursor.close().catch(() => undefined);
      // Not awaited: the problem answer need not wait for the database to come back.
      void this.settle(exportId, 'failed', 0);
      throw error;
    }
    async function* records(): AsyncGenerator<(string | number | null)[]> {
      try {
        for (let r = first; r; r = await cursor.next()) {
          rows += 1;
          yield cells(r, contact);
        }
      } finally {
        // Also when the client goes away: the server-side cursor is not left open. Not
        // awaited: with the database gone it would hold the failure back from the client.
        cursor.close().catch(() => undefined);
      }
    }

    res.status(200).set({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="onboardings-${new Date().toISOString().slice(0, 10)}.csv"`,
      // Personal data: no copy in a cache on the way.
      'cache-control': 'no-store',
    });
    const csv = stringify({
      header: true,
      columns: contact ? [...COLUMNS, ...CONTACT_COLUMNS] : COLUMNS,
      record_delimiter: 'windows',
      // Excel reads UTF-8 (accented names) only with a byte order mark.
      bom: true,
      // HR's data is not ours: "=HYPERLINK(...)" must stay text in a spreadsheet.
      escape_formulas: true,
    });
    try {
      await pipeline(records, csv, res);
    } catch (error) {
      // The pipeline destroyed the response: the client sees a cut-off transfer (no final
      // chunk), never a short file that looks complete.
      const aborted = (error as { code?: unknown }).code === 'ERR_STREAM_PREMATURE_CLOSE';
      this.logger[aborted ? 'warn' : 'error']({
        msg: aborted ? 'onboarding export abandoned by the client' : 'onboarding export failed',
        exportId,
        rows,
        error: String(error),
      });
      await this.settle(exportId, aborted ? 'aborted' : 'failed', rows);
      return;
    }
    await this.settle(exportId, 'complete', rows);
    this.logger.log({ msg: 'onboarding export', exportId, rows, contact });
  }

  /**
   * How it ended, on its record. Tried a few times: when the database is what failed, the
   * rows already sent must still get on record once it is back.
   */
  private async settle(
    exportId: string,
    outcome: Exclude<OpsActionOutcome, 'started'>,
    rows: number,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.actions.end(exportId, outcome, rows);
      } catch (error) {
        if (attempt === SETTLE_ATTEMPTS) {
          this.logger.error({
            msg: 'export end not recorded',
            exportId,
            outcome,
            rows,
            error: String(error),
          });
          return;
        }
        await delay(attempt * 1000);
      }
    }
  }
}
