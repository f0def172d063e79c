import { Controller, Headers, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { HrClientConfig } from '../config/config.schema';
import { CurrentHrClient } from '../hr-clients/hr-auth.guard';
import { SignedHrApi } from '../hr-clients/signed-hr-api';
import { ValidBody } from '../http/zod-validation.pipe';
import { OnboardingRoute } from './admin-actions';
import {
  type AdminActionBody,
  type ChangeContactBody,
  createOnboardingSchema,
  type CreateOnboardingBody,
  type ExtendBody,
  hrActionSchema,
  hrChangeContactSchema,
  hrExtendSchema,
  type OnboardingAccepted,
  type OnboardingView,
  type Targeted,
} from './onboarding.dto';
import { hrCaller, OnboardingsService } from './onboardings.service';

@SignedHrApi()
@Controller('api/v1/onboardings')
export class OnboardingsController {
  constructor(private readonly onboardings: OnboardingsService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'A new hire: starts their onboarding (idempotent)' })
  @ApiResponse({ status: 202, description: '{ onboardingId, status, statusUrl }' })
  @ApiResponse({ status: 400, description: 'Each bad field listed (problem+json)' })
  @ApiResponse({ status: 413, description: 'Body over 64 KiB' })
  @ApiResponse({
    status: 503,
    description:
      "Unavailable, or earlier-onboarding-ending: the hire's earlier onboarding's run is still ending (this one is stored); retry after Retry-After",
  })
  create(
    @CurrentHrClient() client: HrClientConfig,
    @Headers('webhook-id') webhookId: string,
    @ValidBody(createOnboardingSchema) body: CreateOnboardingBody,
  ): Promise<OnboardingAccepted> {
    return this.onboardings.intake(client, webhookId, body);
  }

  @OnboardingRoute('view')
  view(
    @CurrentHrClient() client: HrClientConfig,
    @Param('id') id: string,
  ): Promise<OnboardingView> {
    return this.onboardings.view(hrCaller(client), id);
  }

  @OnboardingRoute('resend')
  resend(
    @CurrentHrClient() client: HrClientConfig,
    @Param('id') id: string,
    @ValidBody(hrActionSchema('resend')) body: AdminActionBody & Targeted,
  ): Promise<OnboardingView> {
    return this.onboardings.resend(hrCaller(client), id, body);
  }

  @OnboardingRoute('extend')
  extend(
    @CurrentHrClient() client: HrClientConfig,
    @Param('id') id: string,
    @ValidBody(hrExtendSchema) body: ExtendBody & Targeted,
  ): Promise<OnboardingView> {
    return this.onboardings.extend(hrCaller(client), id, body);
  }

  @OnboardingRoute('cancel')
  cancel(
    @CurrentHrClient() client: HrClientConfig,
    @Param('id') id: string,
    @ValidBody(hrActionSchema('cancel')) body: AdminActionBody & Targeted,
  ): Promise<OnboardingView> {
    return this.onboardings.cancel(hrCaller(client), id, body);
  }

  @OnboardingRoute('reissue')
  reissue(
    @CurrentHrClient() client: HrClientConfig,
    @Param('id') id: string,
    @ValidBody(hrActionSchema('reissue')) body: AdminActionBody & Targeted,
  ): Promise<OnboardingView> {
    return this.onboardings.reissue(hrCaller(client), id, body);
  }

  @OnboardingRoute('changeContact')
  changeContact(
    @CurrentHrClient() client: HrClientConfig,
    @Param('id') id: string,
    @ValidBody(hrChangeContactSchema) body: ChangeContactBody & Targeted,
  ): Promise<OnboardingView> {
    return this.onboardings.changeContact(hrCaller(client), id, body);
  }
}
