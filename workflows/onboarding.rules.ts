// Pure rules of the onboarding: which steps are allowed when, and which reminders fall due.
// No Temporal API here, so they are unit-tested directly.
import type {
  OnboardingPolicy,
  OnboardingState,
  OnboardingStatus,
  Rejection,
  Reminder,
} from './onboarding.types';

// The statuses in which each step or action is allowed; the workflow's validators read these.
/** Still on the way to an active account: deadlines, reminders and an extension apply. */
export const PENDING: readonly OnboardingStatus[] = ['invited', 'code_redeemed', 'credentials_set'];
/** Not finished: HR may still cancel it or correct the contact details. */
export const UNFINISHED: readonly OnboardingStatus[] = [...PENDING, 'expired'];
export const CREDENTIALS_STEP: readonly OnboardingStatus[] = ['code_redeemed'];
export const TWO_FACTOR_STEP: readonly OnboardingStatus[] = ['credentials_set'];
export const REISSUABLE: readonly OnboardingStatus[] = ['expired'];

export function isPending(status: OnboardingStatus): boolean {
  return PENDING.includes(status);
}

/** Why `status` does not allow a step that needs `expected`, or undefined when it does. */
export function refusal(
  status: OnboardingStatus,
  expected: readonly OnboardingStatus[],
): Rejection | undefined {
  if (expected.includes(status)) return undefined;
  switch (status) {
    case 'expired':
      return 'expired';
    case 'cancelled':
      return 'cancelled';
    case 'active':
      return 'completed';
    case 'invited':
    case 'code_redeemed':
    case 'credentials_set':
      return 'wrong_step';
  }
}

/** The login code works until credentials are set, so a lost browser session can start again. */
export const CODE_USABLE: readonly OnboardingStatus[] = ['invited', 'code_redeemed'];

/**
 * After a 2FA reset the credentials exist, and the code is one of the two proofs a new 2FA
 * needs: it works until 2FA is active, or a lost session could never prove it again.
 */
export const REENROLL_CODE_USABLE: readonly OnboardingStatus[] = [
  ...CODE_USABLE,
  'credentials_set',
];

export function plannedReminders(state: OnboardingState, policy: OnboardingPolicy): Reminder[] {
  const reminders: Reminder[] = [];
  if (state.status === 'invited') {
    policy.inviteRemindersMs.forEach((after, i) =>
      reminders.push({
        kind: 'code_not_redeemed',
        key: `invite.${state.invitedAt}.${i}`,
        at: state.invitedAt + after,
      }),
    );
  }
  if (state.status === 'code_redeemed' || state.status === 'credentials_set') {
    reminders.push({
      kind: 'finish_setup',
      key: `stall.${state.status}.${state.stepSince}`,
      at: state.stepSince + policy.stallReminderMs,
    });
  }
  if (isPending(state.status)) {
    reminders.push({
      kind: 'last_day',
      key: `last_day.${state.deadline}`,
      at: state.deadline - policy.lastDayReminderMs,
    });
  }
  return reminders
    .filter((r) => r.at < state.deadline && !state.sentReminderKeys.includes(r.key))
    .sort((a, b) => a.at - b.at);
}

/** When the workflow must next wake up by itself (reminder, deadline, end of retention). */
export function nextWakeUp(state: OnboardingState, policy: OnboardingPolicy): number | undefined {
  if (isPending(state.status)) {
    const [first] = plannedReminders(state, policy);
    return Math.min(first?.at ?? Infinity, state.deadline);
  }
  if (state.status === 'expired' && state.expiredAt !== undefined) {
    return state.expiredAt + policy.expiredRetentionMs;
  }
  return undefined;
}
