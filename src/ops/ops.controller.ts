import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
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
import { OpsAuthGuard } from './ops-auth.guard';
import { listQuery, type ListQuery, toFilter } from './ops-filters';

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
    return this.onboardings.list(toFilter(q), q.page, q.pageSize);
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
