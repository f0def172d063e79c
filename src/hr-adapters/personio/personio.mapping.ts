import { z } from 'zod';
import type { Mapped, PersonChange } from '../hr-adapter';
import { optionalText, personChange, vendorId } from '../payload';
import { toIntake } from '../person-mapping';

/**
 * Personio's webhooks are "dataless": `{ company_id, event_name, occurred_at, payload, meta? }`,
 * the payload naming what changed. Person events name the person (`payload.id`); employment
 * events (where the start date lives) are read for the person they belong to.
 */
const event = z.object({
  event_name: z.string(),
  payload: z.object({
    id: vendorId.optional(),
    person_id: vendorId.optional(),
    person: z.object({ id: vendorId }).optional(),
  }),
});

const CHANGES: Record<string, PersonChange['change']> = {
  'person.created': 'created',
  'person.updated': 'updated',
  'employment.created': 'updated',
  'employment.updated': 'updated',
};

export function personioChanges(payload: unknown): PersonChange[] {
  const parsed = event.safeParse(payload);
  if (!parsed.success) return [];
  const { event_name: type, payload: about } = parsed.data;
  const person = type.startsWith('person.') ? about.id : (about.person?.id ?? about.person_id);
  return personChange(CHANGES, type, person);
}

/** GET /v2/persons/{id} with its employments (GET /v2/persons/{id}/employments) beside it. */
export interface PersonioRecord {
  person: unknown;
  employments: unknown;
}

const person = z.object({
  id: vendorId,
  first_name: optionalText,
  last_name: optionalText,
  preferred_name: optionalText,
  email: optionalText,
  language_code: optionalText,
});
const employment = z.object({
  status: optionalText,
  type: optionalText,
  start_date: optionalText,
  employment_start_date: optionalText,
});
const record = z.object({
  person,
  employments: z.object({ _data: z.array(employment) }).catch({ _data: [] }),
});

/** Personio → intake: names, e-mail and language; the current employment's start and type. */
export function personioPerson(fetched: unknown, populations?: Record<string, string>): Mapped {
  const parsed = record.safeParse(fetched);
  if (!parsed.success) return { ok: false, reason: 'not a Personio person record' };
  const { person: p, employments } = parsed.data;
  const all = employments._data;
  // A hire's employment is usually not active yet; an active one wins if there is one.
  const job = all.find((e) => e.status === 'ACTIVE') ?? all[0];
  return toIntake(
    {
      employeeId: p.id,
      email: p.email,
      firstName: p.preferred_name ?? p.first_name,
      lastName: p.last_name,
      startDate: job?.start_date ?? job?.employment_start_date,
      language: p.language_code,
      employmentType: job?.type,
    },
    populations,
  );
}
