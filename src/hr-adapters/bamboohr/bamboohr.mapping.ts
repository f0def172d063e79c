import { z } from 'zod';
import type { Mapped, PersonChange } from '../hr-adapter';
import { optionalText, personChange, vendorId } from '../payload';
import { toIntake } from '../person-mapping';

/**
 * BambooHR sends one of two shapes. Field-based ("global") webhooks: `{ employees: [{ id,
 * action: Created|Updated|Deleted, timestamp, changedFields, fields }] }`, where Created and
 * Deleted carry empty fields. Event-based webhooks: `{ type: employee.created|…, timestamp,
 * data: { companyId, employeeId, changedFields? } }`. Either way the person is read from the API.
 */
const fieldBased = z.object({
  employees: z.array(z.object({ id: vendorId, action: z.string() })).max(1000),
});
const eventBased = z.object({
  type: z.string(),
  data: z.object({ employeeId: vendorId }),
});

const ACTIONS: Record<string, PersonChange['change']> = {
  Created: 'created',
  Updated: 'updated',
  'employee.created': 'created',
  'employee.updated': 'updated',
};

export function bamboohrChanges(payload: unknown): PersonChange[] {
  const fields = fieldBased.safeParse(payload);
  if (fields.success) {
    return fields.data.employees.flatMap((e) => personChange(ACTIONS, e.action, e.id));
  }
  const event = eventBased.safeParse(payload);
  return event.success ? personChange(ACTIONS, event.data.type, event.data.data.employeeId) : [];
}

/** The employee fields we read (GET /v1/employees/{id}?fields=…) and map below. */
export const BAMBOOHR_FIELDS = [
  'firstName',
  'lastName',
  'workEmail',
  'homeEmail',
  'hireDate',
  'employmentHistoryStatus',
  'supervisor',
  'supervisorEmail',
];

const employee = z.object({
  id: vendorId,
  firstName: optionalText,
  lastName: optionalText,
  workEmail: optionalText,
  homeEmail: optionalText,
  hireDate: optionalText,
  employmentHistoryStatus: optionalText,
  supervisor: optionalText,
  supervisorEmail: optionalText,
});

/** BambooHR → intake: work e-mail (else home), hire date, employment status, supervisor. */
export function bamboohrPerson(record: unknown, populations?: Record<string, string>): Mapped {
  const parsed = employee.safeParse(record);
  if (!parsed.success) return { ok: false, reason: 'not a BambooHR employee record' };
  const e = parsed.data;
  return toIntake(
    {
      employeeId: e.id,
      email: e.workEmail ?? e.homeEmail,
      firstName: e.firstName,
      lastName: e.lastName,
      startDate: e.hireDate,
      employmentType: e.employmentHistoryStatus,
      manager: { name: e.supervisor, email: e.supervisorEmail },
    },
    populations,
  );
}
