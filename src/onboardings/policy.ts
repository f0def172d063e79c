// An onboarding's policy: the deployment's defaults, overridden by the HR client's named
// policy for the hire's population, then by the hire's own overrides from intake.
import { z } from 'zod';
import type { OnboardingPolicy, WorkingHours } from '../../workflows/onboarding.types';
import { parseDuration } from '../config/duration';

/** Ten years: longer timers make dates past what JavaScript and Temporal can represent. */
const MAX_DURATION_MS = 3650 * 86_400_000;

export const durationString = z.string().refine((v) => {
  const ms = parseDuration(v);
  return ms !== null && ms <= MAX_DURATION_MS;
}, 'must be a duration like 90s, 15m, 24h or 7d, at most 3650d');

/** An IANA zone such as Europe/Amsterdam, as the runtime knows it. */
export const ianaTimeZone = z
  .string()
  .max(64)
  .refine((v) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: v });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Amsterdam');

/** A population names one of the HR client's policies (employee, contractor, intern, ...). */
export const population = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, - and _');

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** `09:00-17:00` (seconds allowed: `09:00:30`) → seconds after midnight; null when invalid. */
export function parseHours(value: string): { startSec: number; endSec: number } | null {
  const m = /^(\d\d):(\d\d)(?::(\d\d))?-(\d\d):(\d\d)(?::(\d\d))?$/.exec(value);
  if (!m) return null;
  const sec = (h?: string, min?: string, s?: string) =>
    Number(h) * 3600 + Number(min) * 60 + Number(s ?? 0);
  const startSec = sec(m[1], m[2], m[3]);
  const endSec = sec(m[4], m[5], m[6]);
  if (Number(m[1]) > 23 || Number(m[4]) > 24 || endSec > 86_400 || startSec >= endSec) return null;
  return { startSec, endSec };
}

/** `mon-fri`, `mon,wed,fri` or `sun-thu` → ISO weekdays (1 = Monday); null when invalid. */
export function parseDays(value: string): number[] | null {
  const index = (name: string) => WEEKDAYS.indexOf(name as (typeof WEEKDAYS)[number]) + 1;
  const days = new Set<number>();
  for (const part of value.toLowerCase().split(',')) {
    const [from, to = from] = part.trim().split('-');
    const a = index(from ?? '');
    const b = index(to ?? '');
    if (!a || !b) return null;
    for (let d = a; ; d = (d % 7) + 1) {
      days.add(d);
      if (d === b) break;
    }
  }
  return [...days].sort();
}

const hours = z.string().refine((v) => parseHours(v) !== null, 'must be like 09:00-17:00');
const days = z.string().refine((v) => parseDays(v) !== null, 'must be like mon-fri');

/** Overrides of the defaults, as HR writes them: durations as text, `off` to turn one off. */
export const policyOverridesSchema = z.strictObject({
  codeValidity: durationString.optional(),
  inviteReminders: z.array(durationString).max(10).optional(),
  lastDayReminder: durationString.optional(),
  stallReminder: durationString.optional(),
  expiredRetention: durationString.optional(),
  inviteLeadTime: z.union([durationString, z.literal('off')]).optional(),
  workingHours: z
    .union([
      z.literal('off'),
      z.strictObject({ hours, days: days.optional(), spread: durationString.optional() }),
    ])
    .optional(),
  escalateAfter: z.union([durationString, z.literal('off')]).optional(),
});
export type PolicyOverrides = z.output<typeof policyOverridesSchema>;

export function workingHoursOf(
  hoursText: string,
  daysText: string,
  spreadMs?: number,
): WorkingHours | undefined {
  const h = parseHours(hoursText);
  const d = parseDays(daysText);
  if (!h || !d) return undefined;
  return {
    ...h,
    days: d,
    ...(spreadMs === undefined ? {} : { spreadSec: Math.floor(spreadMs / 1000) }),
  };
}

const DAY_MS = 86_400_000;
const inDays = (ms: number) => `${Math.round((ms / DAY_MS) * 100) / 100}d`;

/**
 * Why a policy cannot do what it says, or undefined. The code's validity counts from the
 * invite, so an invite sent earlier before the start date than the code lives would expire
 * before the employee's first day, taking the day-before reminder with it.
 */
export function policyConflict(policy: OnboardingPolicy): string | undefined {
  const lead = policy.inviteLeadTimeMs;
  if (lead === undefined || lead <= policy.codeValidityMs) return undefined;
  return `inviteLeadTime (${inDays(lead)}) is longer than codeValidity (${inDays(policy.codeValidityMs)}): the code would expire before the start date`;
}

/** `base` with each layer of overrides applied in turn (later layers win). */
export function applyOverrides(
  base: OnboardingPolicy,
  ...layers: (PolicyOverrides | undefined)[]
): OnboardingPolicy {
  let policy = { ...base };
  for (const o of layers) {
    if (!o) continue;
    const ms = (value: string | undefined, fallback: number) =>
      value === undefined ? fallback : (parseDuration(value) ?? fallback);
    const optional = (value: string | undefined, fallback: number | undefined) =>
      value === 'off' ? undefined : value === undefined ? fallback : ms(value, 0);
    const wh = o.workingHours;
    const workingHours =
      wh === undefined
        ? policy.workingHours
        : wh === 'off'
          ? undefined
          : workingHoursOf(
              wh.hours,
              wh.days ?? 'mon-fri',
              wh.spread === undefined ? undefined : ms(wh.spread, 0),
            );
    const inviteLeadTimeMs = optional(o.inviteLeadTime, policy.inviteLeadTimeMs);
    const escalateAfterMs = optional(o.escalateAfter, policy.escalateAfterMs);
    // Absent rather than undefined: the policy is stored and sent as given.
    policy = {
      codeValidityMs: ms(o.codeValidity, policy.codeValidityMs),
      inviteRemindersMs: o.inviteReminders?.map((r) => ms(r, 0)) ?? policy.inviteRemindersMs,
      lastDayReminderMs: ms(o.lastDayReminder, policy.lastDayReminderMs),
      stallReminderMs: ms(o.stallReminder, policy.stallReminderMs),
      expiredRetentionMs: ms(o.expiredRetention, policy.expiredRetentionMs),
      ...(inviteLeadTimeMs === undefined ? {} : { inviteLeadTimeMs }),
      ...(workingHours === undefined ? {} : { workingHours }),
      ...(escalateAfterMs === undefined ? {} : { escalateAfterMs }),
    };
  }
  return policy;
}
