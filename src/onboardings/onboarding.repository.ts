import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Cursor, Model, type QueryFilter, type UpdateQuery } from 'mongoose';
import type { OnboardingStatus } from '../../workflows/onboarding.types';
import { isDuplicateKey } from '../database/duplicate-key';
import { paged } from '../database/paged';
import {
  AuditEntry,
  ONBOARDING_MODEL,
  OnboardingRecord,
  TransitionEntry,
} from './onboarding.schema';

export type NewOnboarding = Pick<
  OnboardingRecord,
  | '_id'
  | 'clientId'
  | 'employeeId'
  | 'workflowId'
  | 'email'
  | 'firstName'
  | 'lastName'
  | 'locale'
  | 'startDate'
  | 'timeZone'
  | 'manager'
  | 'population'
  | 'metadata'
  | 'policy'
> &
  Partial<Pick<OnboardingRecord, 'status' | 'inviteAt' | 'intake' | 'bulkWebhookId'>>;

export class OpenOnboardingExistsError extends Error {
  constructor(
    readonly clientId: string,
    readonly employeeId: string,
  ) {
    super(`an onboarding for employee ${employeeId} of client ${clientId} is already open`);
    this.name = 'OpenOnboardingExistsError';
  }
}

export function emailKeyOf(email: string): string {
  return email.trim().toLowerCase();
}

export function openKeyOf(clientId: string, employeeId: string): string {
  return `${clientId}/${employeeId}`;
}

/** Still open: closing it (the workflow's end) moved its key aside for the next one. */
export function isOpen(
  record: Pick<OnboardingRecord, 'openKey' | 'clientId' | 'employeeId'>,
): boolean {
  return record.openKey === openKeyOf(record.clientId, record.employeeId);
}

export interface OnboardingFilter {
  statuses?: string[];
  clientId?: string;
  /** Only those that entered their current step before this moment. */
  stepSinceBefore?: Date;
  deadlineBefore?: Date;
  /** Invites planned (or sent) in this window. */
  inviteAfter?: Date;
  inviteBefore?: Date;
  population?: string;
}

/** A login code as the record keeps it; a run's first code also names its run. */
export interface StoredCode {
  codeHash: string;
  codeSealed: string;
  workflowRunId?: string;
}

/** What a transition may teach the record besides its step (see recordTransition). */
export interface TransitionFacts {
  workflowRunId?: string;
  inviteAt?: Date;
  killCode?: boolean;
}

function transitionSet(
  entry: TransitionEntry,
  deadline: Date,
  run: TransitionFacts,
): UpdateQuery<OnboardingRecord>['$set'] {
  return {
    status: entry.to,
    stepSince: entry.at,
    deadline,
    lastTransitionSeq: entry.seq,
    ...(run.workflowRunId ? { workflowRunId: run.workflowRunId } : {}),
    ...(run.inviteAt ? { inviteAt: run.inviteAt } : {}),
    ...(run.killCode ? { codeHash: null, codeSealed: null } : {}),
  };
}

/** The one place an ops filter becomes a MongoDB query (the paged list and the export). */
function filterQuery(filter: OnboardingFilter): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  if (filter.statuses?.length) query.status = { $in: filter.statuses };
  if (filter.clientId) query.clientId = filter.clientId;
  if (filter.stepSinceBefore) query.stepSince = { $lt: filter.stepSinceBefore };
  if (filter.deadlineBefore) query.deadline = { $lt: filter.deadlineBefore };
  if (filter.inviteAfter || filter.inviteBefore) {
    query.inviteAt = {
      ...(filter.inviteAfter ? { $gte: filter.inviteAfter } : {}),
      ...(filter.inviteBefore ? { $lt: filter.inviteBefore } : {}),
    };
  }
  if (filter.population) query.population = filter.population;
  return query;
}

/**
 * Onboarding state in MongoDB. Writes made by activities are conditional or set-like, so a
 * retried activity never writes twice. Reads on behalf of an HR client take its id.
 */
@Injectable()
export class OnboardingRepository {
  constructor(@InjectModel(ONBOARDING_MODEL) private readonly model: Model<OnboardingRecord>) {}

  /** Inserts a new open onboarding; a second open one for the same hire is refused. */
  async create(onboarding: NewOnboarding, now: Date): Promise<OnboardingRecord> {
    try {
      const created = await this.model.create({
        status: 'invited',
        ...onboarding,
        openKey: openKeyOf(onboarding.clientId, onboarding.employeeId),
        emailKey: emailKeyOf(onboarding.email),
        stepSince: now,
        history: [],
        audit: [],
      });
      return created.toObject();
    } catch (error) {
      if (isDuplicateKey(error)) {
        throw new OpenOnboardingExistsError(onboarding.clientId, onboarding.employeeId);
      }
      throw error;
    }
  }

  findForClient(clientId: string, id: string): Promise<OnboardingRecord | null> {
    return this.model.findOne({ _id: id, clientId }).lean<OnboardingRecord>().exec();
  }

  get(id: string): Promise<OnboardingRecord | null> {
    return this.model.findById(id).lean<OnboardingRecord>().exec();
  }

  /** For activities: their onboarding exists, or the workflow is not ours to run. */
  async getExisting(id: string): Promise<OnboardingRecord> {
    const record = await this.get(id);
    if (!record) throw new Error(`onboarding ${id} does not exist`);
    return record;
  }

  /**
   * Opens a finished onboarding again (a 2FA reset), before its new run starts; refused when
   * another onboarding of the same hire is open.
   */
  async reopen(record: OnboardingRecord): Promise<void> {
    try {
      await this.model
        .updateOne(
          { _id: record._id },
          { $set: { openKey: openKeyOf(record.clientId, record.employeeId) } },
        )
        .exec();
    } catch (error) {
      if (isDuplicateKey(error))
        throw new OpenOnboardingExistsError(record.clientId, record.employeeId);
      throw error;
    }
  }

  async list(
    filter: OnboardingFilter,
    skip: number,
    limit: number,
  ): Promise<{ items: OnboardingRecord[]; total: number }> {
    return paged(this.model, filterQuery(filter), { stepSince: 1, _id: 1 }, { skip, limit });
  }

  /**
   * Every match of `filter`, with only `fields`, read a batch at a time: an export streams
   * it instead of holding the whole set. In _id order, which a status change does not move.
   */
  cursor<K extends keyof OnboardingRecord>(
    filter: OnboardingFilter,
    fields: readonly K[],
    batchSize = 500,
  ): Cursor<Pick<OnboardingRecord, K>, unknown> {
    return this.model
      .find(filterQuery(filter), Object.fromEntries(fields.map((f) => [f, 1])))
      .sort({ _id: 1 })
      .lean<Pick<OnboardingRecord, K>[]>()
      .cursor({ batchSize });
  }

  /**
   * Onboardings stored before `before` whose workflow has not recorded its run (the run's
   * first activity writes `workflowRunId`); oldest first.
   */
  async findUnstarted(before: Date, limit: number): Promise<string[]> {
    const found = await this.model
      .find(
        {
          workflowRunId: null,
          status: { $in: ['scheduled', 'invited'] },
          createdAt: { $lt: before },
        },
        { _id: 1 },
      )
      .sort({ createdAt: 1 })
      .limit(limit)
      .lean<Pick<OnboardingRecord, '_id'>[]>()
      .exec();
    return found.map((r) => r._id);
  }

  findOpen(clientId: string, employeeId: string): Promise<OnboardingRecord | null> {
    return this.model
      .findOne({ openKey: openKeyOf(clientId, employeeId) })
      .lean<OnboardingRecord>()
      .exec();
  }

  /** The employee's newest onboarding, open or ended. */
  findLatest(clientId: string, employeeId: string): Promise<OnboardingRecord | null> {
    return this.model
      .findOne({ clientId, employeeId })
      .sort({ createdAt: -1 })
      .lean<OnboardingRecord>()
      .exec();
  }

  /** The onboardings in one of `statuses` sent to `email`, in any case (one person: 10 at most). */
  findByEmail(email: string, statuses: readonly OnboardingStatus[]): Promise<OnboardingRecord[]> {
    return this.model
      .find({ emailKey: emailKeyOf(email), status: { $in: statuses } })
      .limit(10)
      .lean<OnboardingRecord[]>()
      .exec();
  }

  findByCodeHash(codeHash: string): Promise<OnboardingRecord | null> {
    return this.model.findOne({ codeHash }).lean<OnboardingRecord>().exec();
  }

  /**
   * Stores code `version` (hash and sealed copy) unless it or a later one is there already;
   * returns the record as it is now, so a retry re-sends the same code. For a later code (a
   * resend, a new one asked for) and a retried first one; a first try stores the first code
   * with its transition (storeCodeWithTransition).
   */
  async storeCode(id: string, version: number, code: StoredCode): Promise<OnboardingRecord> {
    const stored = await this.model
      .findOneAndUpdate(
        { _id: id, codeVersion: { $lt: version } },
        { $set: { ...code, codeVersion: version } },
        { returnDocument: 'after' },
      )
      .lean<OnboardingRecord>()
      .exec();
    return stored ?? this.getExisting(id);
  }

  /**
   * Applies transition `seq` once and returns the record as it was before, or null when it was
   * applied before. `run` carries what a transition may teach the record: its run (a scheduled
   * run's first) and its invite time; `killCode` ends the login code in the same write.
   */
  recordTransition(
    id: string,
    entry: TransitionEntry,
    deadline: Date,
    run: TransitionFacts = {},
  ): Promise<OnboardingRecord | null> {
    return this.applyOnce(
      { _id: id, lastTransitionSeq: { $lt: entry.seq } },
      {
        $set: transitionSet(entry, deadline, run),
        $push: { history: entry },
      },
    );
  }

  /**
   * A code and the transition it leads to (a run's first code: `invited`) in one write, where
   * neither is stored yet; returns the record as it was before, or null when either was there
   * already (a retry), which storeCode and recordTransition then finish one at a time.
   */
  storeCodeWithTransition(
    id: string,
    version: number,
    code: StoredCode,
    entry: TransitionEntry,
    deadline: Date,
    run: Pick<TransitionFacts, 'workflowRunId' | 'inviteAt'>,
  ): Promise<OnboardingRecord | null> {
    return this.applyOnce(
      { _id: id, codeVersion: { $lt: version }, lastTransitionSeq: { $lt: entry.seq } },
      {
        $set: { ...transitionSet(entry, deadline, run), ...code, codeVersion: version },
        $push: { history: entry },
      },
    );
  }

  private applyOnce(
    filter: QueryFilter<OnboardingRecord>,
    update: UpdateQuery<OnboardingRecord>,
  ): Promise<OnboardingRecord | null> {
    return this.model
      .findOneAndUpdate(filter, update, { returnDocument: 'before' })
      .lean<OnboardingRecord>()
      .exec();
  }

  async recordReminder(id: string, count: number): Promise<void> {
    await this.model.updateOne({ _id: id }, { $max: { remindersSent: count } }).exec();
  }

  /** Stores an admin action once: `key` guards against a retried activity. */
  async recordAudit(
    id: string,
    key: string,
    entry: AuditEntry,
    changes: {
      deadline: Date;
      email?: string;
      startDate?: string | null;
      timeZone?: string;
      inviteAt?: Date;
    },
  ): Promise<void> {
    const set: Record<string, unknown> = { deadline: changes.deadline };
    if (changes.timeZone !== undefined) set.timeZone = changes.timeZone;
    if (changes.inviteAt !== undefined) set.inviteAt = changes.inviteAt;
    const unset: Record<string, 1> = {};
    if (changes.email !== undefined) {
      set.email = changes.email;
      set.emailKey = emailKeyOf(changes.email);
    }
    if (changes.startDate === null) unset.startDate = 1;
    else if (changes.startDate !== undefined) set.startDate = changes.startDate;
    await this.model
      .updateOne(
        { _id: id, auditKeys: { $ne: key } },
        { $set: set, $unset: unset, $push: { audit: entry, auditKeys: key } },
      )
      .exec();
  }

  /**
   * Frees the hire's open slot, so HR can start a new onboarding for them later: the key becomes
   * one of this onboarding alone (still unique), in one write without reading the record.
   */
  async close(id: string): Promise<void> {
    const closedKey = `#${id}`;
    await this.model
      .updateOne({ _id: id, openKey: { $ne: closedKey } }, { $set: { openKey: closedKey } })
      .exec();
  }
}
