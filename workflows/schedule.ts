// When mails go out: the hire's working hours, their personal time of day, the start date.
// Pure and deterministic (no clock), so the workflow can call it and tests can pin it down.
import { DateTime } from 'luxon';
import type { WorkingHours } from './onboarding.types';

/** Where and when one hire works: their zone and the policy's working hours (absent: any time). */
export interface HireCalendar {
  onboardingId: string;
  timeZone: string;
  workingHours?: WorkingHours;
}

export function hireCalendar(
  onboardingId: string,
  timeZone: string,
  policy: { workingHours?: WorkingHours },
): HireCalendar {
  return { onboardingId, timeZone, workingHours: policy.workingHours };
}

/**
 * The hire's own offset into the working day, from their id: hires invited together get
 * their held mails spread over the day instead of in one second.
 */
export function personalOffsetSec(onboardingId: string, hours: WorkingHours): number {
  const window = Math.max(hours.endSec - hours.startSec, 1);
  const spread = Math.min(hours.spreadSec ?? window, window);
  if (spread <= 0) return 0;
  // FNV-1a: stable across runs and versions, unlike anything seeded.
  let hash = 0x811c9dc5;
  for (let i = 0; i < onboardingId.length; i++) {
    hash ^= onboardingId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % spread;
}

/** The hire's slot on the local day of `day`: working-day start plus their offset. */
function slotOn(day: DateTime, cal: HireCalendar, hours: WorkingHours): DateTime {
  const sec = hours.startSec + personalOffsetSec(cal.onboardingId, hours);
  return day.startOf('day').plus({ seconds: sec });
}

function isWorkingDay(day: DateTime, hours: WorkingHours): boolean {
  return hours.days.includes(day.weekday);
}

/** A week and a day: every working-day set has a day in it. */
const SEARCH_DAYS = 8;

/**
 * A mail that falls due at `due` goes out at the hire's first slot on a working day at or
 * after it (a nudge waits over the night and the weekend); at once without working hours.
 */
export function slotOnOrAfter(due: number, cal: HireCalendar): number {
  const hours = cal.workingHours;
  if (!hours) return due;
  const local = DateTime.fromMillis(due, { zone: cal.timeZone });
  for (let i = 0; i < SEARCH_DAYS; i++) {
    const day = local.plus({ days: i });
    const slot = slotOn(day, cal, hours);
    if (isWorkingDay(day, hours) && slot.toMillis() >= due) return slot.toMillis();
  }
  return due;
}

/**
 * The hire's last slot on a working day strictly before `limit`: a mail that must arrive
 * before a moment (the start date, the code's last day) comes early, never late.
 */
export function slotBefore(limit: number, cal: HireCalendar): number {
  const hours = cal.workingHours;
  if (!hours) return limit;
  const local = DateTime.fromMillis(limit, { zone: cal.timeZone });
  for (let i = 0; i < SEARCH_DAYS; i++) {
    const day = local.minus({ days: i });
    const slot = slotOn(day, cal, hours);
    if (isWorkingDay(day, hours) && slot.toMillis() < limit) return slot.toMillis();
  }
  return limit;
}

/** Midnight at the start of `date` (YYYY-MM-DD) in the hire's zone. */
export function startOfDate(date: string, timeZone: string): number {
  return DateTime.fromISO(date, { zone: timeZone }).startOf('day').toMillis();
}

/**
 * When the invite goes: `leadMs` before the start date, in a working-hours slot; undefined
 * (at once) without a start date or lead time, or once that moment has passed.
 */
export function plannedInviteAt(
  startDate: string | undefined,
  leadMs: number | undefined,
  cal: HireCalendar,
  now: number,
): number | undefined {
  if (!startDate || leadMs === undefined) return undefined;
  const moment = startOfDate(startDate, cal.timeZone) - leadMs;
  if (moment <= now) return undefined;
  return slotOnOrAfter(moment, cal);
}
