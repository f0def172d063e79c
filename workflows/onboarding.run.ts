import { condition, patched, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { activities, reject } from './onboarding.calls';
import { OnboardingLedger } from './onboarding.ledger';
import {
  CODE_USABLE,
  initialState,
  plannedInvite,
  CREDENTIALS_STEP,
  isNudge,
  isPending,
  nextWakeUp,
  PENDING,
  plannedReminders,
  REENROLL_CODE_USABLE,
  refusal,
  REISSUABLE,
  TWO_FACTOR_STEP,
  UNFINISHED,
} from './onboarding.rules';
import type {
  Actor,
  ContactChange,
  CredentialsInput,
  OnboardingInput,
  OnboardingState,
  OnboardingStatus,
} from './onboarding.types';
import { HrClient } from './search-attributes';

/** Runs from before the 2FA reset moved into the workflow did those steps in the API. */
const REENROLMENT_IN_WORKFLOW = 'reenrolment-in-workflow';

/**
 * One run: the employee's steps, HR's and ops' actions, the invite and the timers. Each change
 * checks its status set (the same check as its update's validator) once it is its turn, and
 * runs alone (see OnboardingLedger), after its activities finish.
 */
export class OnboardingRun extends OnboardingLedger {
  /** The employee's code requests in this run. */
  private codeRequests = 0;
  private readonly codeUsable: readonly OnboardingStatus[];
  /** The run has decided to end: what is left is finishing handlers and the close. */
  private ending = false;

  constructor(input: OnboardingInput) {
    super(input, initialState(input, Date.now()));
    this.codeUsable = input.reenroll ? REENROLL_CODE_USABLE : CODE_USABLE;
  }

  // --- checks, shared by the validators (answer at once) and the changes (on their turn) ---

  allowRedeem({ codeVersion }: { codeVersion: number }): void {
    this.require(this.codeUsable);
    if (codeVersion !== this.state.codeVersion) reject('code_revoked', 'a newer code was sent');
  }

  /** The code can be sent again while it is usable. */
  allowResend(): void {
    this.require(this.codeUsable);
  }

  /** A new code while one is usable; after expiry, HR is asked instead. */
  allowCodeRequest(): void {
    if (!REISSUABLE.includes(this.state.status)) this.allowResend();
  }

  allowExtend({ deadline }: { deadline: number }): void {
    this.require(PENDING);
    if (deadline <= Date.now()) reject('invalid_deadline', 'the new deadline has passed');
  }

  /**
   * Every validator's first check. An update taken after the run decided to end (a slow close
   * keeps its task alive, and the server hands it updates) would act on a record about to
   * close, or closed, and be cut off when the run ends. Only validators ask: they do not run on
   * replay, so histories where such an update was taken still replay.
   */
  refuseOnceEnding(): void {
    // It ends active, cancelled or expired: no step is allowed, each refused as its status says.
    if (this.ending) this.require([]);
  }

  stopTakingUpdates(): void {
    this.ending = true;
  }

  require(expected: readonly OnboardingStatus[]): void {
    const why = refusal(this.state.status, expected);
    if (why) reject(why, `not allowed while the onboarding is ${this.state.status}`);
  }

  // --- the employee's steps ---

  redeem(code: { codeVersion: number }): Promise<OnboardingState> {
    return this.change(async () => {
      this.allowRedeem(code);
      if (this.state.status === 'invited') await this.moveTo('code_redeemed');
      // A 2FA reset keeps the credentials: on to the 2FA step at once.
      if (this.state.reenrolment && this.state.status === 'code_redeemed') {
        await this.moveTo('credentials_set');
      }
    });
  }

  setCredentials(credentials: CredentialsInput): Promise<OnboardingState> {
    return this.change(async () => {
      this.require(CREDENTIALS_STEP);
      await this.saveCredentialsAndMove(credentials);
    });
  }

  activate(): Promise<OnboardingState> {
    return this.change(async () => {
      this.require(TWO_FACTOR_STEP);
      await this.moveTo('active');
    });
  }

  /** The employee lost the code: HR's resend, recorded as theirs; after expiry, HR is asked. */
  requestCode(by: Actor): Promise<OnboardingState> {
    return this.change(async () => {
      this.allowCodeRequest();
      const expired = REISSUABLE.includes(this.state.status);
      // Numbered: workflow time stands still within a task, so several requests share `at`.
      this.codeRequests++;
      await activities.codeRequested({
        onboardingId: this.state.onboardingId,
        outcome: expired ? 'hr_asked' : 'new_code',
        by,
        at: Date.now(),
        seq: this.codeRequests,
        deadline: this.state.deadline,
      });
      if (!expired) await this.newCode();
    });
  }

  // --- HR's admin actions ---

  resend(by: Actor): Promise<OnboardingState> {
    return this.change(async () => {
      this.allowResend();
      await this.audit('resend', by);
      await this.newCode();
    });
  }

  extend({ deadline, ...by }: Actor & { deadline: number }): Promise<OnboardingState> {
    return this.change(async () => {
      this.allowExtend({ deadline });
      this.state.deadline = deadline;
      await this.audit('extend', by);
      this.publish();
    });
  }

  cancel(by: Actor): Promise<OnboardingState> {
    return this.change(async () => {
      this.require(UNFINISHED);
      await this.audit('cancel', by);
      await this.moveTo('cancelled', by);
    });
  }

  reissue(by: Actor): Promise<OnboardingState> {
    return this.change(async () => {
      this.require(REISSUABLE);
      const back = this.state.statusBeforeExpiry ?? 'invited';
      this.state.deadline = Date.now() + this.input.policy.codeValidityMs;
      this.state.expiredAt = undefined;
      await this.audit('reissue', by);
      // Finished steps stay finished; a code is only needed again before credentials exist.
      if (this.codeUsable.includes(back)) await this.newCode();
      await this.moveTo(back, by);
    });
  }

  changeContact({
    email,
    startDate,
    timeZone,
    ...by
  }: Actor & ContactChange): Promise<OnboardingState> {
    return this.change(async () => {
      this.require(UNFINISHED);
      this.moveDates(startDate, timeZone);
      await this.audit('change_contact', by, { email, startDate, timeZone });
      if (email !== undefined && this.codeUsable.includes(this.state.status)) await this.newCode();
    });
  }

  /** The schedule follows a new start date (null: none) or zone; the timers re-plan after. */
  private moveDates(startDate: string | null | undefined, timeZone: string | undefined): void {
    const { dates } = this.state;
    if (!dates || (startDate === undefined && timeZone === undefined)) return;
    const date = startDate === undefined ? dates.startDate : (startDate ?? undefined);
    this.state.dates = {
      timeZone: timeZone ?? dates.timeZone,
      ...(date ? { startDate: date } : {}),
    };
    if (this.state.status !== 'scheduled') return;
    // A planned invite moves with it; one whose moment has passed goes at once.
    const now = Date.now();
    const inviteAt = plannedInvite(this.input, this.state.dates, now) ?? now;
    this.state.inviteAt = inviteAt;
    this.state.invitedAt = inviteAt;
    this.state.deadline = inviteAt + this.input.policy.codeValidityMs;
    this.publish();
  }

  /** The state after the change under way, if any. */
  settled(): Promise<OnboardingState> {
    return this.change(() => Promise.resolve());
  }

  // --- the run itself ---

  /**
   * The run's first code and its `invited` transition (after a 2FA reset, its steps first);
   * a planned invite is first `scheduled` and waits for its moment, which HR may move.
   */
  async invite(): Promise<void> {
    const { reenroll, onboardingId, clientId } = this.input;
    upsertSearchAttributes([{ key: HrClient, value: clientId }]);
    this.publish();
    const startedAt = this.state.stepSince;
    const planned = this.state.status === 'scheduled';
    if (planned) {
      await this.change(() =>
        this.recordTransition(null, 'scheduled', startedAt, undefined, workflowInfo().runId),
      );
      await this.untilInviteMoment();
    }
    await this.change(async () => {
      if (reenroll && patched(REENROLMENT_IN_WORKFLOW)) {
        await activities.beginReenrolment({
          onboardingId,
          by: reenroll.by,
          at: startedAt,
          deadline: this.state.deadline,
        });
      }
      if (planned) {
        if (this.state.status !== 'scheduled') return; // cancelled while this waited its turn
        const now = Date.now();
        this.state.invitedAt = now;
        this.state.inviteAt = now;
        this.state.deadline = now + this.input.policy.codeValidityMs;
        await this.issueCodeAndMove('scheduled', now);
        return;
      }
      await this.issueCodeAndMove(reenroll ? 'active' : null, startedAt, reenroll?.by);
    });
  }

  private async untilInviteMoment(): Promise<void> {
    while (this.state.status === 'scheduled') {
      const seen = this.revision;
      const waitMs = (this.state.inviteAt ?? 0) - Date.now();
      if (waitMs <= 0) return;
      await condition(() => this.revision !== seen, waitMs);
    }
  }

  /**
   * Sleeps until the next reminder or deadline, or until something changes; sends what is
   * due. Returns once the onboarding is active or cancelled, or its expiry retention is over.
   */
  async runTimers(): Promise<void> {
    for (;;) {
      if (this.state.status === 'active' || this.state.status === 'cancelled') return;
      const seen = this.revision;
      const wakeAt = nextWakeUp(this.state, this.input.policy);
      if (wakeAt === undefined) {
        await condition(() => this.revision !== seen);
        continue;
      }
      const waitMs = wakeAt - Date.now();
      if (waitMs > 0 && (await condition(() => this.revision !== seen, waitMs))) continue;
      if (await this.wakeUp()) return;
    }
  }

  close(): Promise<void> {
    return activities.closeOnboarding({ onboardingId: this.state.onboardingId });
  }

  /** Sends due reminders, expires a passed deadline; true once the retention has run out. */
  private async wakeUp(): Promise<boolean> {
    const { policy, onboardingId } = this.input;
    let retentionOver = false;
    await this.change(async () => {
      const now = Date.now();
      const { state } = this;
      if (isPending(state.status)) {
        for (const reminder of plannedReminders(state, policy).filter((r) => r.at <= now)) {
          state.sentReminderKeys.push(reminder.key);
          if (reminder.kind === 'escalation') {
            await activities.escalate({
              onboardingId,
              key: reminder.key,
              status: state.status,
              at: now,
            });
            continue;
          }
          state.remindersSent++;
          if (isNudge(reminder.kind)) state.lastNudgeAt = now;
          await activities.sendReminder({ onboardingId, reminder, count: state.remindersSent });
        }
        if (now >= state.deadline) {
          state.statusBeforeExpiry = state.status;
          state.expiredAt = now;
          await this.moveTo('expired');
        }
      }
      retentionOver =
        state.status === 'expired' &&
        state.expiredAt !== undefined &&
        now >= state.expiredAt + policy.expiredRetentionMs;
    });
    return retentionOver;
  }
}
