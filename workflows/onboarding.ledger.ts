// How a run's changes are stored: one change at a time, every transition and code through an
// activity, the search attributes kept in step. OnboardingRun (steps, admin, timers) builds on it.
import { condition, patched, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { activities, failureType, reject } from './onboarding.calls';
import type {
  Actor,
  AdminAction,
  ContactChange,
  CredentialsInput,
  OnboardingInput,
  OnboardingState,
  OnboardingStatus,
  TransitionRecord,
} from './onboarding.types';
import {
  OnboardingDeadline,
  OnboardingInviteAt,
  OnboardingStatus as StatusAttribute,
  OnboardingStepSince,
} from './search-attributes';

/** Runs from before this could start two waiting changes at once. */
const ONE_CHANGE_AT_A_TIME = 'one-change-at-a-time';
/**
 * Runs from before a step's activity (the code, the credentials) also recorded the transition
 * it leads to: one local activity (its marker and its read of the record) less per step.
 */
const TRANSITION_WITH_STEP = 'transition-with-step';

export abstract class OnboardingLedger {
  /** Bumped on every change, so the timer loop re-plans. */
  protected revision = 0;
  private busy = false;

  protected constructor(
    protected readonly input: OnboardingInput,
    readonly state: OnboardingState,
  ) {}

  protected async change(fn: () => Promise<void>): Promise<OnboardingState> {
    await condition(() => !this.busy);
    // The SDK unblocks every waiting condition in one pass: each waiter looks again.
    if (patched(ONE_CHANGE_AT_A_TIME)) {
      while (this.busy) await condition(() => !this.busy);
    }
    this.busy = true;
    try {
      await fn();
      return this.state;
    } finally {
      this.busy = false;
      this.revision++;
    }
  }

  protected async moveTo(to: OnboardingStatus, by?: Actor): Promise<void> {
    const at = Date.now();
    await this.recordTransition(this.state.status, to, at, by);
    this.entered(to, at);
  }

  protected entered(to: OnboardingStatus, at: number): void {
    this.state.status = to;
    this.state.stepSince = at;
    this.publish();
  }

  protected async recordTransition(
    from: OnboardingStatus | null,
    to: OnboardingStatus,
    at: number,
    by?: Actor,
    runId?: string,
  ): Promise<void> {
    const t = this.transitionRecord(from, to, at, by, runId);
    this.state.transitionSeq = t.seq;
    await activities.recordTransition(t);
  }

  /** The record of the next transition; the state moves once it is stored. */
  protected transitionRecord(
    from: OnboardingStatus | null,
    to: OnboardingStatus,
    at: number,
    by?: Actor,
    runId?: string,
  ): TransitionRecord {
    const { inviteAt } = this.state;
    return {
      onboardingId: this.state.onboardingId,
      seq: this.state.transitionSeq + 1,
      from,
      to,
      at,
      deadline: this.state.deadline,
      by,
      ...(this.state.reenrolment ? { reenrolment: true } : {}),
      ...(runId ? { runId } : {}),
      ...(inviteAt !== undefined && (to === 'scheduled' || from === 'scheduled')
        ? { inviteAt }
        : {}),
    };
  }

  /**
   * The run's first code and its move to `invited` (from `from`: null for a new run). A run
   * that was scheduled learned its run id then.
   */
  protected issueCodeAndMove(from: OnboardingStatus | null, at: number, by?: Actor) {
    const runId = from === 'scheduled' ? undefined : workflowInfo().runId;
    const enter = from === 'scheduled';
    return this.stepThenMove((t) => this.issueCode(runId, t), from, 'invited', at, enter, by);
  }

  protected saveCredentialsAndMove(credentials: CredentialsInput): Promise<void> {
    const step = async (transition?: TransitionRecord) => {
      try {
        await activities.saveCredentials({
          onboardingId: this.state.onboardingId,
          ...credentials,
          ...(transition ? { transition } : {}),
        });
      } catch (error) {
        if (failureType(error) === 'username_taken') {
          reject('username_taken', 'the username is taken');
        }
        throw error;
      }
    };
    return this.stepThenMove(step, this.state.status, 'credentials_set', Date.now(), true);
  }

  /**
   * A step's activity and the move it leads to: where the run has the patch, `step` stores
   * the transition itself (one activity less); before it, the move was an activity of its
   * own afterwards. `enter`: the state moves to `to` (a new run's first move only records it).
   */
  private async stepThenMove(
    step: (transition?: TransitionRecord) => Promise<void>,
    from: OnboardingStatus | null,
    to: OnboardingStatus,
    at: number,
    enter: boolean,
    by?: Actor,
  ): Promise<void> {
    if (patched(TRANSITION_WITH_STEP)) {
      const transition = this.transitionRecord(from, to, at, by);
      await step(transition);
      this.state.transitionSeq = transition.seq;
      if (enter) this.entered(to, at);
      return;
    }
    await step();
    if (enter) await this.moveTo(to, by);
    else await this.recordTransition(from, to, at, by);
  }

  protected async newCode(): Promise<void> {
    this.state.codeVersion++;
    await this.issueCode();
    this.state.invitedAt = Date.now();
  }

  /** `runId` with a run's first code: the record learns its run in the same write. */
  protected issueCode(runId?: string, transition?: TransitionRecord): Promise<void> {
    return activities.issueCode({
      onboardingId: this.state.onboardingId,
      codeVersion: this.state.codeVersion,
      deadline: this.state.deadline,
      ...(runId ? { runId } : {}),
      ...(transition ? { transition } : {}),
    });
  }

  protected audit(action: AdminAction, by: Actor, contact?: ContactChange): Promise<void> {
    const { inviteAt } = this.state;
    return activities.recordAdminAction({
      onboardingId: this.state.onboardingId,
      action,
      by,
      at: Date.now(),
      deadline: this.state.deadline,
      contact,
      ...(inviteAt === undefined ? {} : { inviteAt }),
    });
  }

  protected publish(): void {
    const { inviteAt } = this.state;
    upsertSearchAttributes([
      { key: StatusAttribute, value: this.state.status },
      { key: OnboardingStepSince, value: new Date(this.state.stepSince) },
      { key: OnboardingDeadline, value: new Date(this.state.deadline) },
      // Only runs that plan their invite: older histories replay without it.
      ...(inviteAt === undefined ? [] : [{ key: OnboardingInviteAt, value: new Date(inviteAt) }]),
    ]);
  }
}
