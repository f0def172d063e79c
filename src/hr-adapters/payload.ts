import { z } from 'zod';

/** Vendors send ids as numbers or strings; we keep strings. */
export const vendorId = z.union([z.string().min(1), z.number().int()]).transform(String);

/** A text field a vendor may leave out or send as null; null becomes undefined. */
export const optionalText = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);
