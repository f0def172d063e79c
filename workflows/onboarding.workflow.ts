import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  activateTwoFactorUpdate,
  cancelUpdate,
  changeContactUpdate,
  extendUpdate,
  redeemCodeUpdate,
  reissueUpdate,
  resendUpdate,
  setCredentialsUpdate,
  stateQuery,
} from './onboarding.messages';
import {
  CODE_USABLE,
  isPending,
  nextWakeUp,
  plannedReminders,
  REENROLL_CODE_USABLE,
  refusal,
} from './onboarding.rules';
import type {
  Actor,
  AdminAction,
  ContactChange,
  InviteReason,
  OnboardingActivities,
  OnboardingInput,
  OnboardingState,
  OnboardingStatus,
  Rejection,
} from './onboarding.types';
import {
  HrClient,
  OnboardingDeadline,
  OnboardingStatus as StatusAttribute,
  OnboardingStepSince,
} from './search-attributes';

// Local: each is a few short writes, run inside the workflow task that needs them. A task
// queue round trip per activity cost the Temporal server and worker more than the work.
const activities = proxyLocalActivities<OnboardingActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

function reject(rejection: Rejection, message: string): never {
  throw ApplicationFailure.create({ type: rejection, message, nonRetryable: true });
}

function failureType(error: unknown): string | undefined {
  return error instanceof ActivityFailure && error.cause instanceof ApplicationFailure
    ? (error.cause.type ?? undefined)
    : undefined;
}

function requireStatus(state: OnboardingState, expected: readonly OnboardingStatus[]): void {
  const why = refusal(state.status, expected);
  if (why) reject(why, `not allowed while the onboarding is ${state.status}`);
}

/** One hire, from invite to an active account with 2FA (or expiry, or cancellation). */
export async function onboardingWorkflow(input: OnboardingInput): Promise<OnboardingState> {
  const { onboardingId, clientId, policy, reenroll } = input;
  const codeUsable = reenroll ? REENROLL_CODE_USABLE : CODE_USABLE;
  const startedAt = Date.now();
  const state: OnboardingState = {
    onboardingId,
    clientId,
    status: 'invited',
    stepSince: startedAt,
    deadline: startedAt + policy.codeValidityMs,
    invitedAt: startedAt,
    codeVersion: (reenroll?.codeVersion ?? 0) + 1,
    remindersSent: 0,
    sentReminderKeys: [],
    transitionSeq: reenroll?.transitionSeq ?? 0,
  };
  // Bumped on every change, so the main loop re-plans its timers.
  let revision = 0;
  let busy = false;

  /** Handlers and timers change state one at a time, each after its activities finish. */
  async function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    await condition(() => !busy);
    busy = true;
    try {
      return await fn();
    } finally {
      busy = false;
      revision++;
    }
  }

  function publishSearchAttributes(): void {
    upsertSearchAttributes([
      { key: StatusAttribute, value: state.status },
      { key: OnboardingStepSince, value: new Date(state.stepSince) },
      { key: OnboardingDeadline, value: new Date(state.deadline) },
    ]);
  }

  async function moveTo(to: OnboardingStatus, by?: Actor): Promise<void> {
    const from = state.status;
    const at = Date.now();
    state.transitionSeq++;
    await activities.recordTransition({
      onboardingId,
      seq: state.transitionSeq,
      from,
      to,
      at,
      deadline: state.deadline,
      by,
      ...(reenroll ? { reenrolment: true } : {}),
    });
    state.status = to;
    state.stepSince = at;
    publishSearchAttributes();
  }

  async function newCode(reason: InviteReason): Promise<void> {
    state.codeVersion++;
    await activities.issueCode({
      onboardingId,
      codeVersion: state.codeVersion,
      reason,
      deadline: state.deadline,
    });
    state.invitedAt = Date.now();
  }

  async function audit(action: AdminAction, by: Actor, contact?: ContactChange): Promise<void> {
    await activities.recordAdminAction({
      onboardingId,
      action,
      by,
      at: Date.now(),
      deadline: state.deadline,
      contact,
    });
  }

  setHandler(stateQuery, () => state);

  // Employee steps. Validators answer at once; handlers check again once it is their turn.
  setHandler(
    redeemCodeUpdate,
    ({ codeVersion }) =>
      exclusive(async () => {
        requireStatus(state, codeUsable);
        if (codeVersion !== state.codeVersion) reject('code_revoked', 'a newer code was sent');
        if (state.status === 'invited') await moveTo('code_redeemed');
        // A 2FA reset keeps the credentials: on to the 2FA step at once.
        if (reenroll && state.status === 'code_redeemed') await moveTo('credentials_set');
        return state;
      }),
    {
      validator: ({ codeVersion }) => {
        requireStatus(state, codeUsable);
        if (codeVersion !== state.codeVersion) reject('code_revoked', 'a newer code was sent');
      },
    },
  );
  setHandler(
    setCredentialsUpdate,
    (credentials) =>
      exclusive(async () => {
        requireStatus(state, ['code_redeemed']);
        try {
          await activities.saveCredentials({ onboardingId, ...credentials });
        } catch (error) {
          if (failureType(error) === 'username_taken') {
            reject('username_taken', 'the username is taken');
          }
          throw error;
        }
        await moveTo('credentials_set');
        return state;
      }),
    { validator: (_credentials) => requireStatus(state, ['code_redeemed']) },
  );
  setHandler(
    activateTwoFactorUpdate,
    () =>
      exclusive(async () => {
        requireStatus(state, ['credentials_set']);
        await moveTo('active');
        return state;
      }),
    { validator: () => requireStatus(state, ['credentials_set']) },
  );

  // HR's admin actions.
  setHandler(
    resendUpdate,
    (by) =>
      exclusive(async () => {
        requireStatus(state, codeUsable);
        await audit('resend', by);
        await newCode('resend');
        return state;
      }),
    { validator: (_by) => requireStatus(state, codeUsable) },
  );
  setHandler(
    extendUpdate,
    ({ deadline, ...by }) =>
      exclusive(async () => {
        requireStatus(state, ['invited', 'code_redeemed', 'credentials_set']);
        if (deadline <= Date.now()) reject('invalid_deadline', 'the new deadline has passed');
        state.deadline = deadline;
        await audit('extend', by);
        publishSearchAttributes();
        return state;
      }),
    {
      validator: ({ deadline }) => {
        requireStatus(state, ['invited', 'code_redeemed', 'credentials_set']);
        if (deadline <= Date.now()) reject('invalid_deadline', 'the new deadline has passed');
      },
    },
  );
  setHandler(
    cancelUpdate,
    (by) =>
      exclusive(async () => {
        requireStatus(state, ['invited', 'code_redeemed', 'credentials_set', 'expired']);
        await audit('cancel', by);
        await moveTo('cancelled', by);
        return state;
      }),
    {
      validator: (_by) =>
        requireStatus(state, ['invited', 'code_redeemed', 'credentials_set', 'expired']),
    },
  );
  setHandler(
    reissueUpdate,
    (by) =>
      exclusive(async () => {
        requireStatus(state, ['expired']);
        const back = state.statusBeforeExpiry ?? 'invited';
        state.deadline = Date.now() + policy.codeValidityMs;
        state.expiredAt = undefined;
        await audit('reissue', by);
        // Finished steps stay finished; a code is only needed again before credentials exist.
        if (codeUsable.includes(back)) await newCode('reissue');
        await moveTo(back, by);
        return state;
      }),
    { validator: (_by) => requireStatus(state, ['expired']) },
  );
  setHandler(
    changeContactUpdate,
    ({ email, startDate, ...by }) =>
      exclusive(async () => {
        requireStatus(state, ['invited', 'code_redeemed', 'credentials_set', 'expired']);
        await audit('change_contact', by, { email, startDate });
        if (email !== undefined && codeUsable.includes(state.status)) {
          await newCode('email_changed');
        }
        return state;
      }),
    {
      validator: (_by) =>
        requireStatus(state, ['invited', 'code_redeemed', 'credentials_set', 'expired']),
    },
  );

  upsertSearchAttributes([{ key: HrClient, value: clientId }]);
  publishSearchAttributes();
  await exclusive(async () => {
    await activities.issueCode({
      onboardingId,
      codeVersion: state.codeVersion,
      reason: 'invite',
      deadline: state.deadline,
      runId: workflowInfo().runId,
    });
    state.transitionSeq++;
    await activities.recordTransition({
      onboardingId,
      seq: state.transitionSeq,
      from: reenroll ? 'active' : null,
      to: 'invited',
      at: startedAt,
      deadline: state.deadline,
      by: reenroll?.by,
    });
  });

  // Timers: sleep until the next reminder or deadline, or until something changes.
  for (;;) {
    if (state.status === 'active' || state.status === 'cancelled') break;
    const seen = revision;
    const wakeAt = nextWakeUp(state, policy);
    const waitMs = wakeAt === undefined ? undefined : wakeAt - Date.now();
    if (waitMs === undefined) {
      await condition(() => revision !== seen);
      continue;
    }
    if (waitMs > 0 && (await condition(() => revision !== seen, waitMs))) continue;

    const retentionOver = await exclusive(async () => {
      const now = Date.now();
      if (isPending(state.status)) {
        for (const reminder of plannedReminders(state, policy).filter((r) => r.at <= now)) {
          state.remindersSent++;
          state.sentReminderKeys.push(reminder.key);
          await activities.sendReminder({ onboardingId, reminder, count: state.remindersSent });
        }
        if (now >= state.deadline) {
          state.statusBeforeExpiry = state.status;
          state.expiredAt = now;
          await moveTo('expired');
        }
      }
      return (
        state.status === 'expired' &&
        state.expiredAt !== undefined &&
        now >= state.expiredAt + policy.expiredRetentionMs
      );
    });
    if (retentionOver) break;
  }

  await condition(allHandlersFinished);
  await activities.closeOnboarding({ onboardingId });
  return state;
}
