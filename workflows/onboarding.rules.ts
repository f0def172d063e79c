// Pure rules of the onboarding: where a run starts, which steps are allowed when, and which
// reminders fall due.
// No Temporal API here, so they are unit-tested directly.
import type {
  HireDates,
  OnboardingInput,
  OnboardingPolicy,
  OnboardingState,
  OnboardingStatus,
  Rejection,
  Reminder,
  ReminderKind,
} from './onboarding.types';
import {
  type HireCalendar,
  hireCalendar,
  plannedInviteAt,
  slotBefore,
  slotOnOrAfter,
  startOfDate,
} from './schedule';

/** Every status, in the journey's order: filters and searches that take any of them use this. */
export const EVERY_STATUS = [
  'scheduled',
  'invited',
  'code_redeemed',
  'credentials_set',
  'active',
  'expired',
  'cancelled',
] as const satisfies readonly OnboardingStatus[];
// Fails to compile when OnboardingStatus gains a status the list above lacks.
const everyStatusListed: Exclude<OnboardingStatus, (typeof EVERY_STATUS)[number]> extends never
  ? true
  : never = true;
void everyStatusListed;

// The statuses in which each step or action is allowed; the workflow's validators read these.
/** Still on the way to an active account: deadlines, reminders and an extension apply. */
export const PENDING: readonly OnboardingStatus[] = ['invited', 'code_redeemed', 'credentials_set'];
/** Not finished: HR may still cancel it or correct the contact details. */
export const UNFINISHED: readonly OnboardingStatus[] = ['scheduled', ...PENDING, 'expired'];
export const CREDENTIALS_STEP: readonly OnboardingStatus[] = ['code_redeemed'];
export const TWO_FACTOR_STEP: readonly OnboardingStatus[] = ['credentials_set'];
export const REISSUABLE: readonly OnboardingStatus[] = ['expired'];

/** The step the employee is at, as HR and managers are told it. */
export type OnboardingStep = 'redeem_code' | 'set_credentials' | 'activate_2fa';

const STEP_OF: Partial<Record<OnboardingStatus, OnboardingStep>> = {
  invited: 'redeem_code',
  code_redeemed: 'set_credentials',
  credentials_set: 'activate_2fa',
};

export function currentStep(status: OnboardingStatus): OnboardingStep | null {
  return STEP_OF[status] ?? null;
}

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
    case 'scheduled':
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

/** Reminders that nudge the employee on; an escalation follows the last of a step's. */
const NUDGES: readonly ReminderKind[] = ['code_not_redeemed', 'finish_setup'];

/**
 * The reminders still to send, soonest first. Nudges wait for the hire's working hours; the
 * warnings before the deadline and the start date come early rather than late.
 */
export function plannedReminders(state: OnboardingState, policy: OnboardingPolicy): Reminder[] {
  const cal = hireCalendar(state.onboardingId, state.dates?.timeZone ?? 'UTC', policy);
  const reminders: Reminder[] = [];
  if (state.status === 'invited') {
    policy.inviteRemindersMs.forEach((after, i) =>
      reminders.push({
        kind: 'code_not_redeemed',
        key: `invite.${state.invitedAt}.${i}`,
        at: slotOnOrAfter(state.invitedAt + after, cal),
      }),
    );
  }
  if (state.status === 'code_redeemed' || state.status === 'credentials_set') {
    reminders.push({
      kind: 'finish_setup',
      key: `stall.${state.status}.${state.stepSince}`,
      at: slotOnOrAfter(state.stepSince + policy.stallReminderMs, cal),
    });
  }
  if (isPending(state.status)) {
    const due = state.deadline - policy.lastDayReminderMs;
    const early = slotBefore(due, cal);
    reminders.push({
      kind: 'last_day',
      key: `last_day.${state.deadline}`,
      at: early > state.invitedAt ? early : due,
    });
    const startDate = state.dates?.startDate;
    if (startDate) {
      const dayBefore = slotBefore(startOfDate(startDate, cal.timeZone), cal);
      if (dayBefore > state.invitedAt) {
        reminders.push({ kind: 'before_start', key: `before_start.${startDate}`, at: dayBefore });
      }
    }
  }
  const unsent = reminders.filter(
    (r) => r.at < state.deadline && !state.sentReminderKeys.includes(r.key),
  );
  const escalation = plannedEscalation(state, policy, unsent, cal);
  if (escalation) unsent.push(escalation);
  return unsent.sort((a, b) => a.at - b.at);
}

/** Once the step's last nudge went unanswered for `escalateAfterMs`, its manager is told once. */
function plannedEscalation(
  state: OnboardingState,
  policy: OnboardingPolicy,
  unsent: Reminder[],
  cal: HireCalendar,
): Reminder | undefined {
  const { escalateAfterMs } = policy;
  const nudged = state.lastNudgeAt;
  if (escalateAfterMs === undefined || nudged === undefined || nudged < state.stepSince) return;
  if (!isPending(state.status) || unsent.some((r) => NUDGES.includes(r.kind))) return;
  const key = `escalation.${state.status}.${state.stepSince}`;
  const at = slotOnOrAfter(nudged + escalateAfterMs, cal);
  if (state.sentReminderKeys.includes(key) || at >= state.deadline) return;
  return { kind: 'escalation', key, at };
}

export function isNudge(kind: ReminderKind): boolean {
  return NUDGES.includes(kind);
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

/** Where a run starts: invited at once, or scheduled before the start date. */
export function initialState(input: OnboardingInput, now: number): OnboardingState {
  const { reenroll } = input;
  const inviteAt = reenroll || !input.dates ? undefined : plannedInvite(input, input.dates, now);
  return {
    onboardingId: input.onboardingId,
    clientId: input.clientId,
    status: inviteAt === undefined ? 'invited' : 'scheduled',
    stepSince: now,
    deadline: (inviteAt ?? now) + input.policy.codeValidityMs,
    invitedAt: inviteAt ?? now,
    codeVersion: (reenroll?.codeVersion ?? 0) + 1,
    remindersSent: 0,
    sentReminderKeys: [],
    transitionSeq: reenroll?.transitionSeq ?? 0,
    reenrolment: reenroll !== undefined,
    ...(input.dates ? { dates: input.dates } : {}),
    ...(inviteAt === undefined ? {} : { inviteAt }),
  };
}

/** When the invite goes: before the start date by the policy's lead time, in working hours. */
export function plannedInvite(
  input: OnboardingInput,
  dates: HireDates,
  now: number,
): number | undefined {
  const { policy, onboardingId } = input;
  const cal = hireCalendar(onboardingId, dates.timeZone, policy);
  return plannedInviteAt(dates.startDate, policy.inviteLeadTimeMs, cal, now);
}
