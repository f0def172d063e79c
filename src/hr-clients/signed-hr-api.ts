import { applyDecorators, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HrAuthGuard } from './hr-auth.guard';
import { WebhookOnceInterceptor } from './webhook-once.interceptor';

/**
 * A controller of HR's signed API: Standard Webhooks signatures (401 otherwise) and each
 * webhook-id once per client, with the OpenAPI headers and answers that go with them.
 */
export function SignedHrApi(): ClassDecorator {
  return applyDecorators(
    ApiTags('onboardings'),
    ApiHeader({ name: 'webhook-id', required: true }),
    ApiHeader({ name: 'webhook-timestamp', required: true, description: 'Unix seconds' }),
    ApiHeader({
      name: 'webhook-signature',
      required: true,
      description: 'v1,<base64 HMAC-SHA256 of id.timestamp.body> (Standard Webhooks)',
    }),
    ApiResponse({ status: 401, description: 'Missing, stale or wrong signature (problem+json)' }),
    ApiResponse({
      status: 409,
      description: 'The webhook-id was used for another request, or its first request still runs',
    }),
    UseGuards(HrAuthGuard),
    UseInterceptors(WebhookOnceInterceptor),
  );
}
