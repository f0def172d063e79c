import { z } from 'zod';
import { SCIM_LIMITS } from './scim.config';

/**
 * attributes / excludedAttributes: comma-separated attribute names. Other parameters are
 * ignored, not refused: Entra ID adds its own flag (aadOptscim062020) to every URL.
 */
export const projectionSchema = z.object({
  attributes: z.string().max(1000).optional(),
  excludedAttributes: z.string().max(1000).optional(),
});
export type ProjectionParams = z.output<typeof projectionSchema>;

export const scimListQuerySchema = projectionSchema.extend({
  filter: z.string().max(1000).optional(),
  // RFC 7644 §3.4.2.4 reads out-of-range paging instead of refusing it: a start below 1 is 1,
  // a negative count 0, and no page is longer than the announced maxResults.
  /** 1-based, as SCIM counts. */
  startIndex: z.coerce
    .number()
    .int()
    .default(1)
    .transform((n) => Math.max(n, 1)),
  count: z.coerce
    .number()
    .int()
    .default(SCIM_LIMITS.maxResults)
    .transform((n) => Math.min(Math.max(n, 0), SCIM_LIMITS.maxResults)),
});
export type ScimListQueryParams = z.output<typeof scimListQuerySchema>;
