import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { HrClientConfig } from '../config/config.schema';
import { CurrentHrClient, HrAuthGuard } from '../hr-clients/hr-auth.guard';
import { WebhookOnceInterceptor } from '../hr-clients/webhook-once.interceptor';
import { ZodBody } from '../http/zod-body.pipe';
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

const schema = (s: z.ZodType) => ({ schema: z.toJSONSchema(s, { io: 'input' }) as object });

@ApiTags('onboardings')
@ApiHeader({ name: 'webhook-id', required: true })
@ApiHeader({ name: 'webhook-timestamp', required: true, description: 'Unix seconds' })
@ApiHeader({
  name: 'webhook-signature',
  required: true,
  description: 'v1,<base64 HMAC-SHA256 of id.timestamp.body> (Standard Webhooks)',
})
@ApiResponse({ status: 401, description: 'Missing, stale or wrong signature (problem+json)' })
@ApiResponse({
  status: 409,
  description: 'The webhook-id was used for another request, or its first request still runs',
})
@Controller('api/v1/onboardings')
@UseGuards(HrAuthGuard)
@UseInterceptors(WebhookOnceInterceptor)
export class OnboardingsController {
  constructor(private readonly onboardings: OnboardingsService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'A new hire: starts their onboarding (idempotent)' })
  @ApiBody(schema(createOnboardingSchema))
  @ApiResponse({ status: 202, description: '{ onboardingId, status, statusUrl }' })
  @ApiResponse({ status: 400, description: 'Each bad field listed (problem+json)' })
  @ApiResponse({ status: 413, description: 'Body over 64 KiB' })
  create(
    @CurrentHrClient() client: HrClientConfig,
    @Headers('webhook-id') webhookId: string,
    @Body(new ZodBody(createOnboardingSchema)) body: CreateOnboardingBody,
  ): Promise<OnboardingAccepted> {
    return this.onboardings.intake(client, webhookId, body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Status, current step, deadline, reminders and history' })
  view(
    @CurrentHrClient() client: HrClientConfig,
    @Param('id') id: string,
  ): Promise<OnboardingView> {
    return this.onboardings.view(hrCaller(client), id);
  }

  @Post(':id/resend')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'A new code and invite; the old code stops working' })
  @ApiBody(schema(hrActionSchema('resend')))
  resend(
    @CurrentHrClient() client: HrClientConfig,
    @Param('id') id: string,
    @Body(new ZodBody(hrActionSchema('resend'))) body: AdminActionBody & Targeted,
  ): Promise<OnboardingView> {
    return this.onboardings.resend(hrCaller(client), id, body);
  }

  @Post(':id/extend')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Move the deadline' })
  @ApiBody(schema(hrExtendSchema))
  extend(
    @CurrentHrClient() client: HrClientConfig,
    @Param('id') id: string,
    @Body(new ZodBody(hrExtendSchema)) body: ExtendBody & Targeted,
  ): Promise<OnboardingView> {
    return this.onboardings.extend(hrCaller(client), id, body);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Offer withdrawn: code revoked, unfinished account removed' })
  @ApiBody(schema(hrActionSchema('cancel')))
  cancel(
    @CurrentHrClient() client: HrClientConfig,
    @Param('id') id: string,
    @Body(new ZodBody(hrActionSchema('cancel'))) body: AdminActionBody & Targeted,
  ): Promise<OnboardingView> {
    return this.onboardings.cancel(hrCaller(client), id, body);
  }

  @Post(':id/reissue')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'After expiry: a new code and deadline; finished steps stay done' })
  @ApiBody(schema(hrActionSchema('reissue')))
  reissue(
    @CurrentHrClient() client: HrClientConfig,
    @Param('id') id: string,
    @Body(new ZodBody(hrActionSchema('reissue'))) body: AdminActionBody & Targeted,
  ): Promise<OnboardingView> {
    return this.onboardings.reissue(hrCaller(client), id, body);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Corrected e-mail address or start date; a new address gets a new invite',
  })
  @ApiBody(schema(hrChangeContactSchema))
  changeContact(
    @CurrentHrClient() client: HrClientConfig,
    @Param('id') id: string,
    @Body(new ZodBody(hrChangeContactSchema)) body: ChangeContactBody & Targeted,
  ): Promise<OnboardingView> {
    return this.onboardings.changeContact(hrCaller(client), id, body);
  }
}
