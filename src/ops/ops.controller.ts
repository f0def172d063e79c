import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { parseDuration } from '../config/duration';
import { ValidBody, ValidQuery } from '../http/zod-validation.pipe';
import { OnboardingRoute } from '../onboardings/admin-actions';
import {
  adminActionSchema,
  type AdminActionBody,
  changeContactSchema,
  type ChangeContactBody,
  extendSchema,
  type ExtendBody,
  type OnboardingPage,
  type OnboardingView,
} from '../onboardings/onboarding.dto';
import { OnboardingsService, OPS } from '../onboardings/onboardings.service';
import { population } from '../onboardings/policy';
import { OpsAuthGuard } from './ops-auth.guard';

const STATUSES = [
  'scheduled',
  'invited',
  'code_redeemed',
  'credentials_set',
  'active',
  'expired',
  'cancelled',
] as const;

const MAX_STEP_AGE_MS = 3650 * 86_400_000;

const listQuery = z.strictObject({
  status: z
    .string()
    .transform((v) => v.split(','))
    .pipe(z.array(z.enum(STATUSES)))
    .optional()
    .describe(`Comma-separated, of ${STATUSES.join(', ')}`),
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
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
type ListQuery = z.output<typeof listQuery>;

/**
 * The ops team's view: every HR client's onboardings, filtered to find the stuck ones, and
 * the same admin actions HR has, recorded as done by ops.
 */
@ApiTags('ops')
@ApiBearerAuth()
@Controller('api/v1/ops/onboardings')
@UseGuards(OpsAuthGuard)
export class OpsController {
  constructor(private readonly onboardings: OnboardingsService) {}

  @Get()
  @ApiOperation({ summary: 'List onboardings, filtered to find the stuck ones; paged' })
  list(@ValidQuery(listQuery) q: ListQuery): Promise<OnboardingPage> {
    const olderThan = q.stepOlderThan ? parseDuration(q.stepOlderThan) : null;
    return this.onboardings.list(
      {
        statuses: q.status,
        clientId: q.client,
        stepSinceBefore: olderThan === null ? undefined : new Date(Date.now() - olderThan),
        deadlineBefore: q.deadlineBefore ? new Date(q.deadlineBefore) : undefined,
        inviteAfter: q.inviteAfter ? new Date(q.inviteAfter) : undefined,
        inviteBefore: q.inviteBefore ? new Date(q.inviteBefore) : undefined,
        population: q.population,
      },
      q.page,
      q.pageSize,
    );
  }

  @OnboardingRoute('view')
  view(@Param('id') id: string): Promise<OnboardingView> {
    return this.onboardings.view(OPS, id);
  }

  @OnboardingRoute('resend')
  resend(
    @Param('id') id: string,
    @ValidBody(adminActionSchema) body: AdminActionBody,
  ): Promise<OnboardingView> {
    return this.onboardings.resend(OPS, id, body);
  }

  @OnboardingRoute('extend')
  extend(
    @Param('id') id: string,
    @ValidBody(extendSchema) body: ExtendBody,
  ): Promise<OnboardingView> {
    return this.onboardings.extend(OPS, id, body);
  }

  @OnboardingRoute('cancel')
  cancel(
    @Param('id') id: string,
    @ValidBody(adminActionSchema) body: AdminActionBody,
  ): Promise<OnboardingView> {
    return this.onboardings.cancel(OPS, id, body);
  }

  @OnboardingRoute('reissue')
  reissue(
    @Param('id') id: string,
    @ValidBody(adminActionSchema) body: AdminActionBody,
  ): Promise<OnboardingView> {
    return this.onboardings.reissue(OPS, id, body);
  }

  @OnboardingRoute('resetTwoFactor')
  resetTwoFactor(
    @Param('id') id: string,
    @ValidBody(adminActionSchema) body: AdminActionBody,
  ): Promise<OnboardingView> {
    return this.onboardings.resetTwoFactor(OPS, id, body);
  }

  @OnboardingRoute('changeContact')
  changeContact(
    @Param('id') id: string,
    @ValidBody(changeContactSchema) body: ChangeContactBody,
  ): Promise<OnboardingView> {
    return this.onboardings.changeContact(OPS, id, body);
  }
}
