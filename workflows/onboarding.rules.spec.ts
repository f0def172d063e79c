import { initialState, nextWakeUp, plannedReminders, refusal } from './onboarding.rules';
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
  it('warns on the last working day before the start date, and escalates after the last nudge', () => {
    // Thursday 1 January 2026 00:00 UTC; start date Monday 5 January: the warning goes Friday.
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const hours = { startSec: 9 * 3600, endSec: 17 * 3600, days: [1, 2, 3, 4, 5], spreadSec: 0 };
    const scheduled = { ...policy, workingHours: hours, escalateAfterMs: D };
    const s = state({
      stepSince: t0,
      invitedAt: t0,
      deadline: t0 + 7 * D,
      dates: { timeZone: 'UTC', startDate: '2026-01-05' },
    });
    const plan = (st: OnboardingState) =>
      plannedReminders(st, scheduled).map((r) => [r.kind, new Date(r.at).toISOString()]);
    expect(plan(s)).toEqual([
      ['before_start', '2026-01-02T09:00:00.000Z'],
      // Due Saturday the 3rd: held until Monday 09:00.
      ['code_not_redeemed', '2026-01-05T09:00:00.000Z'],
      ['code_not_redeemed', '2026-01-06T09:00:00.000Z'],
      // Due Wednesday 00:00: comes early, the working day before.
      ['last_day', '2026-01-06T09:00:00.000Z'],
    ]);
    // No escalation until the last nudge has gone out unanswered.
    const nudged = state({
      ...s,
      sentReminderKeys: plannedReminders(s, scheduled)
        .filter((r) => r.kind === 'code_not_redeemed')
        .map((r) => r.key),
      lastNudgeAt: Date.parse('2026-01-06T09:00:00Z'),
    });
    expect(plan(nudged)).toContainEqual(['escalation', '2026-01-07T09:00:00.000Z']);
    // A step taken since the last nudge: nothing to escalate.
    const moved = state({ ...nudged, status: 'code_redeemed', stepSince: nudged.lastNudgeAt! + H });
    expect(plan(moved).map(([kind]) => kind)).not.toContain('escalation');
  });

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

describe('initialState', () => {
  const now = Date.parse('2026-03-02T10:00:00Z');
  const input = { onboardingId: 'onb_1', clientId: 'default', policy };

  it('invites at once without a start date, the code valid from now', () => {
    const s = initialState(input, now);
    expect(s).toMatchObject({ status: 'invited', invitedAt: now, deadline: now + 7 * D });
    expect(s.inviteAt).toBeUndefined();
  });

  it('schedules the invite the lead time before the start date, the code valid from then', () => {
    const dates = { startDate: '2026-04-01', timeZone: 'Europe/Amsterdam' };
    const s = initialState(
      { ...input, dates, policy: { ...policy, inviteLeadTimeMs: 14 * D } },
      now,
    );
    // Midnight of 1 April in Amsterdam (UTC+2), less 14 days.
    const inviteAt = Date.parse('2026-03-31T22:00:00Z') - 14 * D;
    expect(s).toMatchObject({ status: 'scheduled', inviteAt, deadline: inviteAt + 7 * D });
  });

  it('continues the counters of a 2FA reset, with a new code', () => {
    const reenroll = {
      codeVersion: 3,
      transitionSeq: 9,
      by: { clientId: 'ops', actor: 'helpdesk', reason: 'lost phone' },
    };
    expect(initialState({ ...input, reenroll }, now)).toMatchObject({
      status: 'invited',
      codeVersion: 4,
      transitionSeq: 9,
      reenrolment: true,
    });
  });
});
