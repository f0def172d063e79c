import { z } from 'zod';
import type { Mapped, PersonChange } from '../hr-adapter';
import { optionalText, personChange, vendorId } from '../payload';
import { toIntake } from '../person-mapping';

/**
 * Bob's webhooks (v2): `{ companyId, type, triggeredBy, triggeredAt, version, data:
 * { employeeId, … } }`; v1 sent `{ type, employee: { id, … } }`. Both carry the id only as far
 * as we rely on it, so the person is read from the People API.
 */
const event = z.union([
  z.object({ type: z.string(), data: z.object({ employeeId: vendorId }) }),
  z.object({ type: z.string(), employee: z.object({ id: vendorId }) }),
]);

/** Bob's event types we act on; `employee.joined` fires on the start date itself. */
const CHANGES: Record<string, PersonChange['change']> = {
  'employee.created': 'created',
  'employee.updated': 'updated',
  'employee.joined': 'updated',
};

export function hibobChanges(payload: unknown): PersonChange[] {
  const parsed = event.safeParse(payload);
  if (!parsed.success) return [];
  const e = parsed.data;
  return personChange(CHANGES, e.type, 'data' in e ? e.data.employeeId : e.employee.id);
}

/** The People API fields we read (POST /people/{id}, machine format) and map below. */
export const HIBOB_FIELDS = [
  'root.id',
  'root.firstName',
  'root.surname',
  'root.email',
  'work.startDate',
  'work.reportsTo',
  'payroll.employment.type',
];

const person = z.object({
  id: vendorId,
  firstName: optionalText,
  surname: optionalText,
  email: optionalText,
  work: z
    .object({
      startDate: optionalText,
      reportsTo: z
        .object({ displayName: optionalText, email: optionalText })
        .nullish()
        .transform((v) => v ?? undefined),
    })
    .partial()
    .optional(),
  payroll: z
    .object({ employment: z.object({ type: optionalText }).partial().nullish() })
    .partial()
    .optional(),
});

/** Bob → intake: id, work e-mail, names, work.startDate, reportsTo, employment type. */
export function hibobPerson(record: unknown, populations?: Record<string, string>): Mapped {
  const parsed = person.safeParse(record);
  if (!parsed.success) return { ok: false, reason: 'not a Bob employee record' };
  const p = parsed.data;
  return toIntake(
    {
      employeeId: p.id,
      email: p.email,
      firstName: p.firstName,
      lastName: p.surname,
      startDate: p.work?.startDate,
      employmentType: p.payroll?.employment?.type,
      manager: { name: p.work?.reportsTo?.displayName, email: p.work?.reportsTo?.email },
    },
    populations,
  );
}
