import { nextWakeUp, plannedReminders, refusal } from './onboarding.rules';
import type { OnboardingPolicy, OnboardingState } from './onboarding.types';

const H = 3_600_000;
const D = 24 * H;
const policy: OnboardingPolicy = {
  codeValidityMs: 7 * D,
  inviteRemindersMs: [2 * D, 5 * D],
  lastDayReminderMs: 24 * H,
  stallReminderMs: 24 * H,
  expiredRetentionMs: 30 * D,
};

function state(overrides: Partial<OnboardingState> = {}): OnboardingState {
  return {
    onboardingId: 'onb_1',
    clientId: 'default',
    status: 'invited',
    stepSince: 0,
    deadline: 7 * D,
    invitedAt: 0,
    codeVersion: 1,
    remindersSent: 0,
    sentReminderKeys: [],
    transitionSeq: 1,
    reenrolment: false,
    ...overrides,
  };
}

describe('plannedReminders', () => {
  it('plans the invite reminders after 2 and 5 days and one a day before the deadline', () => {
    expect(plannedReminders(state(), policy).map((r) => [r.kind, r.at / D])).toEqual([
      ['code_not_redeemed', 2],
      ['code_not_redeemed', 5],
      ['last_day', 6],
    ]);
  });

  it('leaves out what was sent, and what would fall after the deadline', () => {
    const [first] = plannedReminders(state(), policy);
    const sent = state({ sentReminderKeys: [first!.key], deadline: 4 * D });
    expect(plannedReminders(sent, policy).map((r) => r.at / D)).toEqual([3]);
  });

  it('after the code, plans one reminder to finish for each stalled step', () => {
    const redeemed = state({ status: 'code_redeemed', stepSince: 1 * D });
    expect(plannedReminders(redeemed, policy).map((r) => [r.kind, r.at / D])).toEqual([
      ['finish_setup', 2],
      ['last_day', 6],
    ]);
    const next = state({ status: 'credentials_set', stepSince: 3 * D });
    expect(plannedReminders(next, policy)[0]?.key).not.toBe(
      plannedReminders(redeemed, policy)[0]?.key,
    );
  });

  it('plans nothing for finished onboardings', () => {
    for (const status of ['active', 'expired', 'cancelled'] as const) {
      expect(plannedReminders(state({ status }), policy)).toEqual([]);
    }
  });

  it('gives a new invite (resend) its own reminders', () => {
    const before = plannedReminders(state(), policy).map((r) => r.key);
    const after = plannedReminders(state({ invitedAt: 1 * D, sentReminderKeys: before }), policy);
    expect(after.map((r) => r.at / D)).toEqual([3, 6]);
  });
});

describe('nextWakeUp', () => {
  it('is the earliest reminder, else the deadline, else the end of retention', () => {
    expect(nextWakeUp(state(), policy)).toBe(2 * D);
    const noReminders = { ...policy, inviteRemindersMs: [], lastDayReminderMs: 0 };
    expect(nextWakeUp(state(), noReminders)).toBe(7 * D);
    expect(nextWakeUp(state({ status: 'expired', expiredAt: 7 * D }), policy)).toBe(37 * D);
    expect(nextWakeUp(state({ status: 'active' }), policy)).toBeUndefined();
  });
});

describe('refusal', () => {
  it('names why a status does not allow a step', () => {
    expect(refusal('invited', ['invited'])).toBeUndefined();
    expect(refusal('invited', ['code_redeemed'])).toBe('wrong_step');
    expect(refusal('expired', ['code_redeemed'])).toBe('expired');
    expect(refusal('cancelled', ['code_redeemed'])).toBe('cancelled');
    expect(refusal('active', ['credentials_set'])).toBe('completed');
  });
});
