import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { parseDuration } from '../config/duration';
import { ZodBody } from '../http/zod-body.pipe';
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
import { OpsAuthGuard } from './ops-auth.guard';

const STATUSES = [
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
    .optional(),
  client: z.string().max(64).optional(),
  stepOlderThan: z
    .string()
    .refine((v) => {
      // Older than the epoch is not a date any more (the query would fail).
      const ms = parseDuration(v);
      return ms !== null && ms <= MAX_STEP_AGE_MS;
    }, 'a duration like 90m, 24h or 3d, at most 3650d')
    .optional(),
  deadlineBefore: z.iso.datetime({ offset: true }).optional(),
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
  @ApiOperation({
    summary:
      'List onboardings: ?status=invited,code_redeemed&client=&stepOlderThan=24h&deadlineBefore=ISO&page=&pageSize=',
  })
  list(@Query(new ZodBody(listQuery, 'query')) q: ListQuery): Promise<OnboardingPage> {
    const olderThan = q.stepOlderThan ? parseDuration(q.stepOlderThan) : null;
    return this.onboardings.list(
      {
        statuses: q.status,
        clientId: q.client,
        stepSinceBefore: olderThan === null ? undefined : new Date(Date.now() - olderThan),
        deadlineBefore: q.deadlineBefore ? new Date(q.deadlineBefore) : undefined,
      },
      q.page,
      q.pageSize,
    );
  }

  @Get(':id')
  view(@Param('id') id: string): Promise<OnboardingView> {
    return this.onboardings.view(OPS, id);
  }

  @Post(':id/resend')
  @HttpCode(HttpStatus.OK)
  resend(@Param('id') id: string, @Body(new ZodBody(adminActionSchema)) body: AdminActionBody) {
    return this.onboardings.resend(OPS, id, body);
  }

  @Post(':id/extend')
  @HttpCode(HttpStatus.OK)
  extend(@Param('id') id: string, @Body(new ZodBody(extendSchema)) body: ExtendBody) {
    return this.onboardings.extend(OPS, id, body);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  cancel(@Param('id') id: string, @Body(new ZodBody(adminActionSchema)) body: AdminActionBody) {
    return this.onboardings.cancel(OPS, id, body);
  }

  @Post(':id/reissue')
  @HttpCode(HttpStatus.OK)
  reissue(@Param('id') id: string, @Body(new ZodBody(adminActionSchema)) body: AdminActionBody) {
    return this.onboardings.reissue(OPS, id, body);
  }

  @Post(':id/reset-2fa')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Lost phone: remove 2FA; a new code by mail leads to a new 2FA setup' })
  resetTwoFactor(
    @Param('id') id: string,
    @Body(new ZodBody(adminActionSchema)) body: AdminActionBody,
  ) {
    return this.onboardings.resetTwoFactor(OPS, id, body);
  }

  @Patch(':id')
  changeContact(
    @Param('id') id: string,
    @Body(new ZodBody(changeContactSchema)) body: ChangeContactBody,
  ) {
    return this.onboardings.changeContact(OPS, id, body);
  }
}
