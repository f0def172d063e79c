import { z } from 'zod';
import { type CreateOnboardingBody, createOnboardingSchema } from '../onboardings/onboarding.dto';
import type { OnboardingRecord } from '../onboardings/onboarding.schema';
import type { ScimName, ScimUserLink } from './scim-user.schema';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../i18n/i18n';

export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** Ours: the start date, which neither the core nor the enterprise schema has. */
export const ONBOARDING_USER = 'urn:ietf:params:scim:schemas:extension:onboarding:2.0:User';

/** What a User resource carries that we use, after scimmy has checked it against the schema. */
const scimUserSchema = z.object({
  userName: z.string().min(1).max(256),
  externalId: z.string().min(1).max(256).optional(),
  name: z
    .object({ givenName: z.string().optional(), familyName: z.string().optional() })
    .optional(),
  emails: z.array(z.object({ value: z.string(), primary: z.boolean().optional() })).optional(),
  preferredLanguage: z.string().optional(),
  locale: z.string().optional(),
  timezone: z.string().optional(),
  userType: z.string().optional(),
  active: z.boolean().optional(),
  [ENTERPRISE_USER]: z
    .object({
      employeeNumber: z.string().optional(),
      manager: z
        .object({ value: z.string().optional(), displayName: z.string().optional() })
        .optional(),
    })
    .optional(),
  [ONBOARDING_USER]: z.object({ startDate: z.string().optional() }).optional(),
});
export type ScimUser = z.output<typeof scimUserSchema>;

/** A User the IdP sent that we cannot take; becomes 400 invalidValue. */
export class ScimUserInvalid extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'ScimUserInvalid';
  }
}

/** Our intake fields named as the IdP knows them, so an error points at its attribute. */
const SCIM_NAMES: Record<string, string> = {
  employeeId: `${ENTERPRISE_USER}:employeeNumber (or externalId)`,
  email: 'emails.value',
  firstName: 'name.givenName',
  lastName: 'name.familyName',
  startDate: `${ONBOARDING_USER}:startDate`,
  timeZone: 'timezone',
  population: 'userType',
  manager: `${ENTERPRISE_USER}:manager`,
};

export function parseScimUser(value: unknown): ScimUser {
  const parsed = scimUserSchema.safeParse(value);
  if (!parsed.success) {
    throw new ScimUserInvalid(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return parsed.data;
}

/** `nl-NL`, `nl_BE`, `en-GB`...: our language of it; any other language gets the default. */
export function localeOf(user: ScimUser): Locale {
  const tag = (user.preferredLanguage ?? user.locale ?? '').toLowerCase().slice(0, 2);
  return LOCALES.find((l) => l === tag) ?? DEFAULT_LOCALE;
}

/** The hire's employee id: the enterprise employeeNumber, else the IdP's externalId. */
export function employeeIdOf(user: ScimUser): string | undefined {
  return user[ENTERPRISE_USER]?.employeeNumber ?? user.externalId;
}

/**
 * The intake body for a SCIM User. The manager is looked up by the caller (it names another
 * User) and passed in already resolved.
 */
export function toIntakeBody(
  user: ScimUser,
  manager: CreateOnboardingBody['manager'],
): CreateOnboardingBody {
  const email = (user.emails?.find((e) => e.primary) ?? user.emails?.[0])?.value;
  const parsed = createOnboardingSchema.safeParse({
    employeeId: employeeIdOf(user),
    email,
    firstName: user.name?.givenName,
    lastName: user.name?.familyName,
    locale: localeOf(user),
    startDate: user[ONBOARDING_USER]?.startDate,
    timeZone: user.timezone,
    population: user.userType?.toLowerCase(),
    manager,
  });
  if (!parsed.success) {
    throw new ScimUserInvalid(
      parsed.error.issues.map((issue) => {
        const field = String(issue.path[0] ?? '');
        return `${SCIM_NAMES[field] ?? field}: ${issue.message}`;
      }),
    );
  }
  return parsed.data;
}

export function namesOf(user: ScimUser): ScimName {
  return {
    userName: user.userName,
    userNameKey: user.userName.toLowerCase(),
    externalId: user.externalId,
    managerRef: user[ENTERPRISE_USER]?.manager?.value,
  };
}

/** True while the onboarding runs or is done; false once cancelled or expired. */
export function isActive(record: Pick<OnboardingRecord, 'status'>): boolean {
  return record.status !== 'cancelled' && record.status !== 'expired';
}

/** A weak ETag: any write to the onboarding (ours or the workflow's) or to its SCIM names. */
export function versionOf(
  record: Pick<OnboardingRecord, 'updatedAt'>,
  link: Pick<ScimUserLink, 'updatedAt'>,
): string {
  return `W/"${record.updatedAt.getTime()}.${link.updatedAt.getTime()}"`;
}

/** An onboarding as a SCIM User, before scimmy adds `schemas` and `meta.location`. */
export function toScimUser(record: OnboardingRecord, link: ScimUserLink): ScimUserOut {
  const enterprise = {
    employeeNumber: record.employeeId,
    ...(record.manager
      ? { manager: { value: link.managerRef, displayName: record.manager.name } }
      : {}),
  };
  return {
    id: record._id,
    userName: link.userName,
    ...(link.externalId ? { externalId: link.externalId } : {}),
    name: { givenName: record.firstName, familyName: record.lastName },
    displayName: `${record.firstName} ${record.lastName}`,
    emails: [{ value: record.email, primary: true }],
    preferredLanguage: record.locale,
    ...(record.timeZone ? { timezone: record.timeZone } : {}),
    ...(record.population ? { userType: record.population } : {}),
    active: isActive(record),
    [ENTERPRISE_USER]: enterprise,
    ...(record.startDate ? { [ONBOARDING_USER]: { startDate: record.startDate } } : {}),
    meta: {
      created: record.createdAt,
      lastModified: record.updatedAt,
      version: versionOf(record, link),
    },
  };
}

export interface ScimUserOut {
  id: string;
  userName: string;
  externalId?: string;
  name: { givenName: string; familyName: string };
  displayName: string;
  emails: { value: string; primary: boolean }[];
  preferredLanguage: string;
  timezone?: string;
  userType?: string;
  active: boolean;
  [ENTERPRISE_USER]: {
    employeeNumber: string;
    manager?: { value?: string; displayName: string };
  };
  [ONBOARDING_USER]?: { startDate: string };
  meta: { created: Date; lastModified: Date; version: string };
}
