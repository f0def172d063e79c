import { z } from 'zod';
import type { OnboardingStep } from '../../workflows/onboarding.rules';
import type { AdminAction } from '../../workflows/onboarding.types';
import { DEFAULT_LOCALE, LOCALES } from '../i18n/i18n';
import { ianaTimeZone, policyOverridesSchema, population } from './policy';

const isoDate = z.iso.date('must be a date like 2026-12-01');

/**
 * Invisible or broken characters: controls (NUL included), unpaired surrogates (which the
 * database would silently replace), private-use code points and noncharacters, the
 * replacement character left by a wrong encoding, and format characters such as bidi
 * overrides that make text display as something else. ZWNJ and ZWJ stay: some scripts need them.
 */
const HIDDEN =
  /[\p{Cc}\p{Cs}\p{Co}\p{Zl}\p{Zp}\uFDD0-\uFDEF\uFFFD-\uFFFF]|(?![\u200C\u200D])\p{Cf}/u;
/** The same, but tabs and line breaks are fine in longer text. */
const HIDDEN_IN_TEXT =
  /(?![\t\n\r])[\p{Cc}\p{Cs}\p{Co}\p{Zl}\p{Zp}\uFDD0-\uFDEF\uFFFD-\uFFFF]|(?![\u200C\u200D])\p{Cf}/u;
const HIDDEN_MESSAGE = 'must not contain control, invisible or invalid characters';

/** One line of visible text. */
const line = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((v) => !HIDDEN.test(v), HIDDEN_MESSAGE);

/** Free text such as a reason: line breaks allowed, nothing invisible or invalid. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((v) => !HIDDEN_IN_TEXT.test(v), HIDDEN_MESSAGE);

/** Small and flat, so it stores the same on MongoDB and FerretDB. */
const metadata = z
  .record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'keys are letters, digits and _'),
    z.union([
      z
        .string()
        .max(500)
        .refine((v) => !HIDDEN_IN_TEXT.test(v), HIDDEN_MESSAGE),
      z.number(),
      z.boolean(),
      z.null(),
    ]),
  )
  .refine((m) => Object.keys(m).length <= 30, 'at most 30 keys');

const name = line(100);

const manager = z.strictObject({ name: line(200), email: z.email().max(254) });

export const createOnboardingSchema = z.strictObject({
  employeeId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'letters, digits, . _ : - (at most 128)'),
  email: z.email().max(254),
  firstName: name,
  lastName: name,
  locale: z.enum(LOCALES).default(DEFAULT_LOCALE),
  startDate: isoDate.optional(),
  /** The hire's zone for the start date and working hours; the brand's when absent. */
  timeZone: ianaTimeZone.optional(),
  /** Told when the hire gets stuck, if the policy escalates. */
  manager: manager.optional(),
  /** Which of the HR client's named policies applies (employee, contractor, ...). */
  population: population.optional(),
  metadata: metadata.optional(),
  /** Overrides of the policy for this one hire (tests use seconds). */
  policy: policyOverridesSchema.optional(),
});
export type CreateOnboardingBody = z.output<typeof createOnboardingSchema>;

const actor = {
  actor: line(200),
  reason: text(1000),
};

export const adminActionSchema = z.strictObject(actor);
export type AdminActionBody = z.output<typeof adminActionSchema>;

const extend = { ...actor, deadline: z.iso.datetime({ offset: true }) };
export const extendSchema = z.strictObject(extend);
export type ExtendBody = z.output<typeof extendSchema>;

const contactChange = {
  ...actor,
  email: z.email().max(254).optional(),
  startDate: isoDate.nullable().optional(),
  timeZone: ianaTimeZone.optional(),
};
const someChange = (b: { email?: string; startDate?: string | null; timeZone?: string }) =>
  b.email !== undefined || b.startDate !== undefined || b.timeZone !== undefined;
const SOME_CHANGE = { message: 'give email, startDate, timeZone or more of them' };
export const changeContactSchema = z.strictObject(contactChange).refine(someChange, SOME_CHANGE);
export type ChangeContactBody = z.output<typeof changeContactSchema>;

/**
 * HR's admin calls are signed, and a signature covers the body, not the path: so the body
 * names the onboarding and the action, and must match the path it is sent to.
 */
const target = (action: AdminAction) => ({
  onboardingId: z.string().min(1).max(100),
  action: z.literal(action),
});
export const hrActionSchema = (action: 'resend' | 'cancel' | 'reissue') =>
  z.strictObject({ ...actor, ...target(action) });
export const hrExtendSchema = z.strictObject({ ...extend, ...target('extend') });
export const hrChangeContactSchema = z
  .strictObject({ ...contactChange, ...target('change_contact') })
  .refine(someChange, SOME_CHANGE);
/** The onboarding an admin call's body names (HR's calls), checked against the path. */
export interface Targeted {
  onboardingId?: string;
}

export interface OnboardingAccepted {
  onboardingId: string;
  status: string;
  statusUrl: string;
}

/** What HR sees of an onboarding: never a code, hash, password or TOTP secret. */
export interface OnboardingView {
  onboardingId: string;
  employeeId: string;
  email: string;
  firstName: string;
  lastName: string;
  locale: string;
  startDate: string | null;
  timeZone: string | null;
  manager: { name: string; email: string } | null;
  population: string | null;
  metadata: Record<string, unknown>;
  status: string;
  currentStep: OnboardingStep | null;
  /** When the invite goes (`scheduled`) or went. */
  inviteAt: string | null;
  stepSince: string;
  deadline: string | null;
  remindersSent: number;
  history: {
    from: string | null;
    to: string;
    at: string;
    by?: { actor: string; reason: string };
  }[];
  adminActions: {
    action: string;
    at: string;
    /** The HR client that acted, or `ops`. */
    by: string;
    actor: string;
    reason: string;
    before: Record<string, string | null>;
    after: Record<string, string | null>;
  }[];
  createdAt: string;
}

export interface OnboardingPage {
  items: OnboardingView[];
  page: number;
  pageSize: number;
  total: number;
}
