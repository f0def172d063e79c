import { z } from 'zod';
import { createOnboardingSchema } from '../onboardings/onboarding.dto';
import { ianaTimeZone } from '../onboardings/policy';
import type { Mapped } from './hr-adapter';

/** What every vendor's person record is reduced to before it becomes an intake body. */
export interface PersonFields {
  employeeId: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  /** A date, or a date-time of which the date counts. */
  startDate?: string;
  /** A language name or code in any common form (nl, nl-NL, Dutch, Nederlands, en_US …). */
  language?: string;
  employmentType?: string;
  timeZone?: string;
  manager?: { name?: string; email?: string };
}

const LANGUAGES: Record<string, 'nl' | 'en'> = {
  nl: 'nl',
  dutch: 'nl',
  nederlands: 'nl',
  en: 'en',
  english: 'en',
  engels: 'en',
};

/** nl or en; anything else (or nothing) leaves the default to intake. */
export function localeOf(language: string | undefined): 'nl' | 'en' | undefined {
  const key = language
    ?.trim()
    .toLowerCase()
    .split(/[-_\s]/)[0];
  return key ? LANGUAGES[key] : undefined;
}

/** The calendar date of a date or date-time; undefined for none or a placeholder like 0000-00-00. */
function dateOf(value: string | undefined): string | undefined {
  const date = z.iso.date().safeParse(value?.slice(0, 10));
  return date.success && /^\d{4}-\d{2}-\d{2}(?:$|T)/.test(value ?? '') ? date.data : undefined;
}

/**
 * The intake body for a person, or the reason it is refused. A hire needs an address to be
 * invited and a start date to plan the onboarding by; the rest is optional, and an optional
 * value we cannot use (an unknown time zone, half a manager) is left out, not refused.
 */
export function toIntake(person: PersonFields, populations?: Record<string, string>): Mapped {
  if (!person.email?.trim()) return { ok: false, reason: 'no e-mail address' };
  const startDate = dateOf(person.startDate);
  if (!startDate) return { ok: false, reason: 'no start date' };
  const { name, email } = person.manager ?? {};
  const type = person.employmentType?.trim();
  const zone = ianaTimeZone.safeParse(person.timeZone);
  const parsed = createOnboardingSchema.safeParse({
    employeeId: person.employeeId,
    email: person.email.trim(),
    firstName: person.firstName,
    lastName: person.lastName,
    startDate,
    locale: localeOf(person.language),
    timeZone: zone.success ? zone.data : undefined,
    manager: name?.trim() && email?.trim() ? { name, email: email.trim() } : undefined,
    population: type ? populations?.[type] : undefined,
  });
  if (parsed.success) return { ok: true, body: parsed.data };
  const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  return { ok: false, reason: `invalid person (${fields.join('; ')})` };
}
