import { z } from 'zod';
import { EVERY_STATUS } from '../../workflows/onboarding.rules';
import { parseDuration } from '../config/duration';
import type { OnboardingFilter } from '../onboardings/onboarding.repository';
import { population } from '../onboardings/policy';

const MAX_STEP_AGE_MS = 3650 * 86_400_000;

/** The filters of the ops list, shared by its JSON pages and its CSV export. */
const filters = {
  status: z
    .string()
    .transform((v) => v.split(','))
    .pipe(z.array(z.enum(EVERY_STATUS)))
    .optional()
    .describe(`Comma-separated, of ${EVERY_STATUS.join(', ')}`),
  client: z.string().max(64).optional(),
  stepOlderThan: z
    .string()
    .refine((v) => {
      // Older than the epoch is not a date any more (the query would fail).
      const ms = parseDuration(v);
      return ms !== null && ms <= MAX_STEP_AGE_MS;
    }, 'a duration like 90m, 24h or 3d, at most 3650d')
    .optional()
    .describe('The current step began longer ago than this, like 24h'),
  deadlineBefore: z.iso.datetime({ offset: true }).optional(),
  inviteAfter: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('The invite goes (scheduled) or went at or after this moment'),
  inviteBefore: z.iso.datetime({ offset: true }).optional().describe('... and before this one'),
  population: population.optional().describe("The HR client's named policy"),
};

export const listQuery = z.strictObject({
  ...filters,
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListQuery = z.output<typeof listQuery>;

/** The export has no pages (it streams every match); names and addresses only on request. */
export const exportQuery = z.strictObject({
  ...filters,
  include: z
    .literal('contact')
    .optional()
    .describe('`contact` adds first name, last name and e-mail address columns'),
});
export type ExportQuery = z.output<typeof exportQuery>;

/** The validated query's filters, as the repository takes them. */
export function toFilter(q: ListQuery | ExportQuery, now = Date.now()): OnboardingFilter {
  const olderThan = q.stepOlderThan ? parseDuration(q.stepOlderThan) : null;
  return {
    statuses: q.status,
    clientId: q.client,
    stepSinceBefore: olderThan === null ? undefined : new Date(now - olderThan),
    deadlineBefore: q.deadlineBefore ? new Date(q.deadlineBefore) : undefined,
    inviteAfter: q.inviteAfter ? new Date(q.inviteAfter) : undefined,
    inviteBefore: q.inviteBefore ? new Date(q.inviteBefore) : undefined,
    population: q.population,
  };
}
