// Pure rules of the onboarding: which steps are allowed when, and which reminders fall due.
// No Temporal API here, so they are unit-tested directly.
import type {
  OnboardingPolicy,
  OnboardingState,
  OnboardingStatus,
  Rejection,
  Reminder,
} from './onboarding.types';

const PENDING: readonly OnboardingStatus[] = ['invited', 'code_redeemed', 'credentials_set'];

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
