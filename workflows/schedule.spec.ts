import {
  type HireCalendar,
  personalOffsetSec,
  plannedInviteAt,
  slotBefore,
  slotOnOrAfter,
} from './schedule';
import type { WorkingHours } from './onboarding.types';

const HOUR = 3_600_000;
const NINE_TO_FIVE: WorkingHours = { startSec: 9 * 3600, endSec: 17 * 3600, days: [1, 2, 3, 4, 5] };
/** No spread: every held mail goes at 09:00 sharp, which makes the dates easy to read. */
const SHARP: WorkingHours = { ...NINE_TO_FIVE, spreadSec: 0 };

const amsterdam = (hours: WorkingHours | undefined, id = 'onb_a'): HireCalendar => ({
  onboardingId: id,
  timeZone: 'Europe/Amsterdam',
  workingHours: hours,
});
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('the hire calendar', () => {
  it('sends at once without working hours', () => {
    const due = at('2026-12-05T23:00:00Z');
    expect(slotOnOrAfter(due, amsterdam(undefined))).toBe(due);
    expect(slotBefore(due, amsterdam(undefined))).toBe(due);
  });

  it('holds a nudge due at night until 09:00 local the next working day', () => {
    // Tuesday 23:30 in Amsterdam (CET, UTC+1).
    expect(iso(slotOnOrAfter(at('2026-12-08T22:30:00Z'), amsterdam(SHARP)))).toBe(
      '2026-12-09T08:00:00.000Z',
    );
  });

  it('holds one due on Friday evening over the weekend until Monday', () => {
    expect(iso(slotOnOrAfter(at('2026-12-11T18:00:00Z'), amsterdam(SHARP)))).toBe(
      '2026-12-14T08:00:00.000Z',
    );
  });

  it('follows the hire’s zone across a daylight-saving change', () => {
    // Saturday 28 March 2026; clocks go forward on Sunday; Monday 09:00 is 07:00 UTC.
    expect(iso(slotOnOrAfter(at('2026-03-28T12:00:00Z'), amsterdam(SHARP)))).toBe(
      '2026-03-30T07:00:00.000Z',
    );
  });

  it('puts a warning on the last working day before a moment, never after it', () => {
    // Start date Monday 14 December: the working day before is Friday the 11th.
    const monday = at('2026-12-13T23:00:00Z');
    expect(iso(slotBefore(monday, amsterdam(SHARP)))).toBe('2026-12-11T08:00:00.000Z');
  });

  it('spreads hires invited together over the working day, each at their own time', () => {
    const due = at('2026-12-08T22:30:00Z');
    const slots = Array.from({ length: 200 }, (_, i) =>
      slotOnOrAfter(due, amsterdam(NINE_TO_FIVE, `onb_${i}`)),
    );
    const day = at('2026-12-09T08:00:00Z');
    expect(Math.min(...slots)).toBeGreaterThanOrEqual(day);
    expect(Math.max(...slots)).toBeLessThan(day + 8 * HOUR);
    // 200 hires over 8 hours: hardly two in the same second, and every hour has some.
    expect(new Set(slots).size).toBeGreaterThan(190);
    const hours = new Set(slots.map((s) => Math.floor((s - day) / HOUR)));
    expect(hours.size).toBe(8);
    // The same hire keeps the same time of day.
    expect(personalOffsetSec('onb_7', NINE_TO_FIVE)).toBe(personalOffsetSec('onb_7', NINE_TO_FIVE));
  });

  it('plans the invite its lead time before the start date, or at once once that passed', () => {
    const cal = amsterdam(SHARP);
    const now = at('2026-12-01T10:00:00Z');
    // Start Monday 4 January 2027, 14 days ahead: Monday 21 December, 09:00 local.
    expect(iso(plannedInviteAt('2027-01-04', 14 * 24 * HOUR, cal, now) ?? 0)).toBe(
      '2026-12-21T08:00:00.000Z',
    );
    expect(plannedInviteAt('2026-12-10', 14 * 24 * HOUR, cal, now)).toBeUndefined();
    expect(plannedInviteAt(undefined, 14 * 24 * HOUR, cal, now)).toBeUndefined();
    expect(plannedInviteAt('2027-01-04', undefined, cal, now)).toBeUndefined();
  });
});
