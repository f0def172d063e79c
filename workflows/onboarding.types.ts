// The contract between the onboarding workflow, its activities and the API.
// Types only: this file is shared by workflow code and Node code alike.

/** `scheduled`: the invite waits for its moment before the start date. */
export type OnboardingStatus =
  | 'scheduled'
  | 'invited'
  | 'code_redeemed'
  | 'credentials_set'
  | 'active'
  | 'expired'
  | 'cancelled';

/** The hire's working day in their zone: mails held to it go out at their personal slot. */
export interface WorkingHours {
  /** Seconds after local midnight: the day's first and last moment for a held mail. */
  startSec: number;
  endSec: number;
  /** ISO weekdays, 1 = Monday. */
  days: number[];
  /** Held mails of many hires spread over this much of the day (default: all of it). */
  spreadSec?: number;
}

/** Every timer of one onboarding, in milliseconds: deployment defaults, overridable per hire. */
export interface OnboardingPolicy {
  /** How long a login code stays valid; the onboarding's deadline is the invite plus this. */
  codeValidityMs: number;
  /** Reminders after the invite while the code has not been redeemed (2 and 5 days). */
  inviteRemindersMs: number[];
  /** The last-day reminder, this long before the deadline (24 hours). */
  lastDayReminderMs: number;
  /** A reminder to finish when credentials or 2FA stall this long (24 hours). */
  stallReminderMs: number;
  /** How long an expired onboarding waits for a reissue before the workflow closes (30 days). */
  expiredRetentionMs: number;
  // Optional: runs started before these existed have none, and must replay as they ran.
  /** The invite goes this long before the start date (absent: at intake). */
  inviteLeadTimeMs?: number;
  /** Planned mails wait for the hire's working hours (absent: they go at any time). */
  workingHours?: WorkingHours;
  /** The manager is told this long after the last reminder with no step taken (absent: never). */
  escalateAfterMs?: number;
}

/** What the schedule follows; HR's contact change may move the start date or the zone. */
export interface HireDates {
  startDate?: string;
  /** The hire's IANA zone (the brand's when HR gave none). */
  timeZone: string;
}

export interface OnboardingInput {
  onboardingId: string;
  clientId: string;
  policy: OnboardingPolicy;
  /** Absent on runs from before the start date drove the schedule. */
  dates?: HireDates;
  /**
   * A later run for an active account whose 2FA ops reset: a new code by mail, then straight
   * to 2FA (the credentials stay). Counters continue where the first run left them.
   */
  reenroll?: { codeVersion: number; transitionSeq: number; by: Actor };
}

/** `before_start`: on the working day before the start date; `escalation` goes to the manager. */
export type ReminderKind =
  'code_not_redeemed' | 'finish_setup' | 'last_day' | 'before_start' | 'escalation';

/** The employee's own reminders, each a mail to them. */
export type EmployeeReminderKind = Exclude<ReminderKind, 'escalation'>;

interface Planned<K extends ReminderKind> {
  kind: K;
  /** Unique per reminder occasion, so each is sent once however often the loop wakes. */
  key: string;
  at: number;
}

/** A mail to the employee. */
export type EmployeeReminder = Planned<EmployeeReminderKind>;
/** A planned mail: to the employee, or to their manager when they are stuck. */
export type Reminder = EmployeeReminder | Planned<'escalation'>;

/** What the workflow knows; the query returns it. Times are epoch milliseconds. */
export interface OnboardingState {
  onboardingId: string;
  clientId: string;
  status: OnboardingStatus;
  stepSince: number;
  deadline: number;
  invitedAt: number;
  codeVersion: number;
  remindersSent: number;
  sentReminderKeys: string[];
  /** The step an expired onboarding returns to when it is reissued. */
  statusBeforeExpiry?: OnboardingStatus;
  expiredAt?: number;
  /** Counts recorded transitions; gives each its event id. */
  transitionSeq: number;
  /** The start date and zone as HR last gave them. */
  dates?: HireDates;
  /** When the invite went, or is planned while `scheduled`. */
  inviteAt?: number;
  /** The last nudge (not the deadline's warnings): an escalation counts from it. */
  lastNudgeAt?: number;
  /** A run after a 2FA reset: the credentials exist, the code leads straight to 2FA. */
  reenrolment: boolean;
}

/** Why the workflow refused a step or action; the ApplicationFailure type the API maps. */
export type Rejection =
  | 'wrong_step'
  | 'expired'
  | 'cancelled'
  | 'completed'
  | 'code_revoked'
  | 'invalid_deadline'
  | 'username_taken';

export interface Actor {
  /** Who asked: the HR client (`ops`, or `employee` for the employee's own request) and whom it names. */
  clientId: string;
  actor: string;
  reason: string;
}

/** HR's and ops' actions, and `code_requested`: the employee asking for a new code. */
export type AdminAction =
  'resend' | 'extend' | 'cancel' | 'reissue' | 'change_contact' | 'reset_2fa' | 'code_requested';

export interface TransitionRecord {
  onboardingId: string;
  seq: number;
  from: OnboardingStatus | null;
  to: OnboardingStatus;
  at: number;
  deadline: number;
  by?: Actor;
  /** A run after a 2FA reset: its code lives until 2FA is active, not until credentials. */
  reenrolment?: boolean;
  /** With a run's first transition when it is `scheduled`: the record learns its run. */
  runId?: string;
  /** When the invite goes (`scheduled`) or went (`invited` after `scheduled`). */
  inviteAt?: number;
}

export interface CredentialsInput {
  username: string;
  /**
   * The argon2id hash, made in the API and sealed with the data key: the codec endpoint, which
   * opens payloads for the Web UI, cannot open this.
   */
  passwordHashSealed: string;
}

export interface ContactChange {
  email?: string;
  startDate?: string | null;
  timeZone?: string;
}

/**
 * A step's activity that also stores the transition the step leads to, after the step's own
 * writes: one local activity and one read of the record less. Runs from before the patch send
 * none.
 */
export interface StepTransition {
  transition?: TransitionRecord;
}

/** A first code's transition is the move to `invited`. */
export interface IssueCodeInput extends StepTransition {
  onboardingId: string;
  codeVersion: number;
  /** Until when the code is valid, for the invite mail. */
  deadline: number;
  /**
   * Given with a run's first code: the record learns its run here, in the same write as the
   * code. A second writer (the API) would race it, and FerretDB can lose one of two updates.
   */
  runId?: string;
}

export interface ReminderInput {
  onboardingId: string;
  reminder: EmployeeReminder;
  /** Reminders sent so far, this one included. */
  count: number;
}

/** The first act of a run after a 2FA reset, before its code goes out. */
export interface ReenrolmentInput {
  onboardingId: string;
  by: Actor;
  at: number;
  /** The new run's deadline. */
  deadline: number;
}

/** The manager is told the hire is stuck; HR gets `onboarding.escalated`. */
export interface EscalationInput {
  onboardingId: string;
  key: string;
  status: OnboardingStatus;
  at: number;
}

export interface AdminActionRecord {
  onboardingId: string;
  action: AdminAction;
  by: Actor;
  at: number;
  /** The deadline after the action. */
  deadline: number;
  contact?: ContactChange;
  /** The invite's moment after the action, for runs that plan it. */
  inviteAt?: number;
}

/** What an employee's request for a new code led to: a new code, or HR asked to reissue. */
export type CodeRequestOutcome = 'new_code' | 'hr_asked';

export interface CodeRequestRecord {
  onboardingId: string;
  outcome: CodeRequestOutcome;
  by: Actor;
  at: number;
  /** The run's n-th request: with `at`, what makes it once-only. */
  seq: number;
  deadline: number;
}

/** Activities as the workflow sees them (implemented in src/onboardings). */
export interface OnboardingActivities {
  /** A fresh login code (the previous one dies) and an invite mail with it. */
  issueCode(input: IssueCodeInput): Promise<void>;
  /** Stores the transition, its event, and what the new status implies (mails, account). */
  recordTransition(input: TransitionRecord): Promise<void>;
  sendReminder(input: ReminderInput): Promise<void>;
  escalate(input: EscalationInput): Promise<void>;
  /** Fails with type `username_taken` when another account holds the username. */
  saveCredentials(
    input: { onboardingId: string } & CredentialsInput & StepTransition,
  ): Promise<void>;
  recordAdminAction(input: AdminActionRecord): Promise<void>;
  /**
   * Signs the account out everywhere, removes its 2FA, reopens the onboarding and tells the
   * employee: the steps of a 2FA reset, here so that a crash halfway resumes them.
   */
  beginReenrolment(input: ReenrolmentInput): Promise<void>;
  closeOnboarding(input: { onboardingId: string }): Promise<void>;
  /**
   * Records an employee's code request as an admin action, with HR's event; after expiry
   * also HR's reissue event and the "HR was asked" mail. The new code comes from issueCode.
   */
  codeRequested(input: CodeRequestRecord): Promise<void>;
}
