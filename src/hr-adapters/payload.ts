import { z } from 'zod';
import type { PersonChange } from './hr-adapter';

/** Vendors send ids as numbers or strings; we keep strings. */
export const vendorId = z.union([z.string().min(1), z.number().int()]).transform(String);

/** A text field a vendor may leave out or send as null; null becomes undefined. */
export const optionalText = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);

/** The change an event of `type` makes to the person, if it is one of the vendor's we act on. */
export function personChange(
  acted: Record<string, PersonChange['change']>,
  type: string,
  employeeId: string | undefined,
): PersonChange[] {
  const change = acted[type];
  return change && employeeId ? [{ employeeId, change }] : [];
}
