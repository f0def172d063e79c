import { Schema } from 'mongoose';
import { type Locale, LOCALES } from '../i18n/i18n';
import type {
  AdminAction,
  OnboardingPolicy,
  OnboardingStatus,
  WorkingHours,
} from '../../workflows/onboarding.types';

export const ONBOARDING_MODEL = 'Onboarding';

export interface ActorRecord {
  clientId: string;
  actor: string;
  reason: string;
}

export interface TransitionEntry {
  seq: number;
  from: OnboardingStatus | null;
  to: OnboardingStatus;
  at: Date;
  by?: ActorRecord;
}

export interface AuditEntry {
  action: AdminAction;
  at: Date;
  by: ActorRecord;
  before: Record<string, string | null>;
  after: Record<string, string | null>;
}

export interface ManagerRecord {
  name: string;
  email: string;
}

/** One hire's onboarding, as stored. Plain data: repositories return it via `.lean()`. */
export interface OnboardingRecord {
  _id: string;
  clientId: string;
  employeeId: string;
  /**
   * `${clientId}/${employeeId}` while the onboarding is open, made unique by an index, so a
   * second open onboarding for the same hire cannot exist. Closing it appends the id.
   * (FerretDB has no partial indexes, hence this key instead of a filtered unique index.)
   */
  openKey: string;
  workflowId: string;
  /** The run started for this onboarding; a later onboarding of the same hire has its own. */
  workflowRunId?: string;
  email: string;
  /**
   * `email` lower-cased, indexed: the employee's "new code" form finds the onboarding by it
   * in any case (FerretDB has no collation). Absent on records from before.
   */
  emailKey?: string;
  firstName: string;
  lastName: string;
  locale: Locale;
  startDate?: string;
  /** IANA zone of the start date and the working hours; the brand's when absent. */
  timeZone?: string;
  manager?: ManagerRecord;
  /** The HR client's named policy this onboarding runs under; absent: the defaults. */
  population?: string;
  metadata?: Record<string, unknown>;
  /**
   * `bulk` when it came in a bulk request (absent: one by one): its scheduled mails go at the
   * bulk's lower priority. `bulkWebhookId` is that request's, so its retry still says accepted.
   */
  intake?: 'bulk';
  bulkWebhookId?: string;
  /**
   * Its timers: the deployment's defaults with the hire's own overrides from intake, kept so
   * that every later run (a 2FA reset's) keeps them. Absent on records from before.
   */
  policy?: OnboardingPolicy;

  status: OnboardingStatus;
  stepSince: Date;
  deadline?: Date;
  /** When the invite goes (`scheduled`) or went; absent on records from before. */
  inviteAt?: Date;
  remindersSent: number;
  lastTransitionSeq: number;
  history: TransitionEntry[];
  audit: AuditEntry[];
  /** One key per recorded admin action, so a retried activity records it once. */
  auditKeys: string[];

  /** HMAC of the current login code (never the code); null once the code is dead. */
  codeHash: string | null;
  codeVersion: number;
  /** The current code, encrypted, so a retried invite mail carries the same code. */
  codeSealed: string | null;

  createdAt: Date;
  updatedAt: Date;
}

const actorSchema = new Schema<ActorRecord>(
  { clientId: String, actor: String, reason: String },
  { _id: false },
);

export const OnboardingSchema = new Schema<OnboardingRecord>(
  {
    _id: { type: String, required: true },
    clientId: { type: String, required: true },
    employeeId: { type: String, required: true },
    openKey: { type: String, required: true },
    workflowId: { type: String, required: true },
    workflowRunId: String,
    email: { type: String, required: true },
    emailKey: String,
    firstName: { type: String, required: true },
    lastName: { type: String, required: true },
    locale: { type: String, enum: LOCALES, required: true },
    startDate: String,
    timeZone: String,
    manager: new Schema<ManagerRecord>({ name: String, email: String }, { _id: false }),
    population: String,
    metadata: { type: Schema.Types.Mixed },
    intake: { type: String, enum: ['bulk'] },
    bulkWebhookId: String,
    policy: new Schema<OnboardingPolicy>(
      {
        codeValidityMs: Number,
        inviteRemindersMs: [Number],
        lastDayReminderMs: Number,
        stallReminderMs: Number,
        expiredRetentionMs: Number,
        inviteLeadTimeMs: Number,
        workingHours: new Schema<WorkingHours>(
          { startSec: Number, endSec: Number, days: [Number], spreadSec: Number },
          { _id: false },
        ),
        escalateAfterMs: Number,
      },
      { _id: false },
    ),
    status: { type: String, required: true },
    stepSince: { type: Date, required: true },
    deadline: Date,
    inviteAt: Date,
    remindersSent: { type: Number, default: 0 },
    lastTransitionSeq: { type: Number, default: 0 },
    history: [
      new Schema<TransitionEntry>(
        { seq: Number, from: String, to: String, at: Date, by: actorSchema },
        { _id: false },
      ),
    ],
    audit: [
      new Schema<AuditEntry>(
        {
          action: String,
          at: Date,
          by: actorSchema,
          before: Schema.Types.Mixed,
          after: Schema.Types.Mixed,
        },
        { _id: false },
      ),
    ],
    auditKeys: { type: [String], default: [] },
    codeHash: { type: String, default: null },
    codeVersion: { type: Number, default: 0 },
    codeSealed: { type: String, default: null },
  },
  { collection: 'onboardings', timestamps: true, versionKey: false, minimize: false },
);

OnboardingSchema.index({ openKey: 1 }, { unique: true });
OnboardingSchema.index({ clientId: 1, employeeId: 1 });
OnboardingSchema.index({ codeHash: 1 });
OnboardingSchema.index({ emailKey: 1 });
OnboardingSchema.index({ status: 1, inviteAt: 1 });
// The stuck-onboarding metric's question per step and client (OnboardingStats.oldestInStep);
// expiringBetween uses its first two fields. One index, not one per question: on FerretDB over
// PostgreSQL every update rewrites every index, and two such indexes cost the 10,000-hire
// bench a quarter of its intake rate (58 hires/s, 77 without either).
OnboardingSchema.index({ status: 1, clientId: 1, stepSince: 1 });
