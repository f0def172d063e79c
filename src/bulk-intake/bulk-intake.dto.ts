import { z } from 'zod';
import type { FieldProblem } from '../http/problem';
import { createOnboardingSchema } from '../onboardings/onboarding.dto';

/** Hires in one bulk request; an HR system with more sends several. */
export const MAX_BULK_HIRES = 500;
/** The bulk route's body limit (the other JSON routes keep 64 KiB): 500 hires fit easily. */
export const MAX_BULK_BODY = '1mb';

const tooMany = `at most ${MAX_BULK_HIRES} hires per request; send more in several requests`;

/** The envelope only: each hire is checked on its own, so one bad hire does not fail the rest. */
export const bulkIntakeSchema = z.strictObject({
  hires: z.array(z.unknown()).min(1).max(MAX_BULK_HIRES, tooMany),
});
export type BulkIntakeBody = z.output<typeof bulkIntakeSchema>;

/** What the OpenAPI document shows: each hire is the single route's body. */
export const bulkIntakeDocumented = z.strictObject({
  hires: z.array(createOnboardingSchema).min(1).max(MAX_BULK_HIRES),
});

export type BulkItemStatus = 'accepted' | 'duplicate' | 'invalid';

export interface BulkItem {
  /** The hire's place in `hires`, from 0. */
  index: number;
  /** As sent; null when it was not a string. */
  employeeId: string | null;
  status: BulkItemStatus;
  /** A new onboarding (accepted) or the hire's open one (duplicate). */
  onboardingId?: string;
  /** Why an invalid hire was refused, field by field. */
  errors?: FieldProblem[];
}

export interface BulkCounts {
  accepted: number;
  duplicates: number;
  invalid: number;
}

export interface BulkAnswer extends BulkCounts {
  items: BulkItem[];
}

/** How many items had each outcome. */
export function countOutcomes(items: readonly Pick<BulkItem, 'status'>[]): BulkCounts {
  const counts: BulkCounts = { accepted: 0, duplicates: 0, invalid: 0 };
  for (const { status } of items) {
    switch (status) {
      case 'accepted':
        counts.accepted++;
        break;
      case 'duplicate':
        counts.duplicates++;
        break;
      case 'invalid':
        counts.invalid++;
        break;
    }
  }
  return counts;
}
