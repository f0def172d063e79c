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
  /** 1-based, as SCIM counts. */
  startIndex: z.coerce.number().int().min(1).default(1),
  count: z.coerce.number().int().min(0).max(SCIM_LIMITS.maxResults).default(SCIM_LIMITS.maxResults),
});
export type ScimListQueryParams = z.output<typeof scimListQuerySchema>;
