import { z } from 'zod';
import { parseDuration } from '../config/duration';

const durationString = z
  .string()
  .refine((v) => parseDuration(v) !== null, 'must be a duration like 90s, 15m, 24h or 7d');

const isoDate = z.iso.date('must be a date like 2026-12-01');

/** Small and flat, so it stores the same on MongoDB and FerretDB. */
const metadata = z
  .record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'keys are letters, digits and _'),
    z.union([z.string().max(500), z.number(), z.boolean(), z.null()]),
  )
  .refine((m) => Object.keys(m).length <= 30, 'at most 30 keys');

const name = z.string().trim().min(1).max(100);

export const createOnboardingSchema = z.strictObject({
  employeeId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'letters, digits, . _ : - (at most 128)'),
  email: z.email().max(254),
  firstName: name,
  lastName: name,
  locale: z.enum(['nl', 'en']).default('nl'),
  startDate: isoDate.optional(),
  metadata: metadata.optional(),
  /** Overrides of the deployment's timers for this one hire (tests use seconds). */
  policy: z
    .strictObject({
      codeValidity: durationString.optional(),
      inviteReminders: z.array(durationString).max(10).optional(),
      lastDayReminder: durationString.optional(),
      stallReminder: durationString.optional(),
      expiredRetention: durationString.optional(),
    })
    .optional(),
});
export type CreateOnboardingBody = z.output<typeof createOnboardingSchema>;

const actor = {
  actor: z.string().trim().min(1).max(200),
  reason: z.string().trim().min(1).max(1000),
};

export const adminActionSchema = z.strictObject(actor);
export type AdminActionBody = z.output<typeof adminActionSchema>;

export const extendSchema = z.strictObject({
  ...actor,
  deadline: z.iso.datetime({ offset: true }),
});
export type ExtendBody = z.output<typeof extendSchema>;

export const changeContactSchema = z
  .strictObject({
    ...actor,
    email: z.email().max(254).optional(),
    startDate: isoDate.nullable().optional(),
  })
  .refine((b) => b.email !== undefined || b.startDate !== undefined, {
    message: 'give email, startDate or both',
  });
export type ChangeContactBody = z.output<typeof changeContactSchema>;

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
  metadata: Record<string, unknown>;
  status: string;
  currentStep: 'redeem_code' | 'set_credentials' | 'activate_2fa' | null;
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
