import { Controller, Headers, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { HrClientConfig } from '../config/config.schema';
import { CurrentHrClient } from '../hr-clients/hr-auth.guard';
import { SignedHrApi } from '../hr-clients/signed-hr-api';
import { ValidBody } from '../http/zod-validation.pipe';
import {
  type BulkAnswer,
  bulkIntakeDocumented,
  bulkIntakeSchema,
  type BulkIntakeBody,
  MAX_BULK_HIRES,
} from './bulk-intake.dto';
import { BulkIntakeService } from './bulk-intake.service';

@SignedHrApi()
@Controller('api/v1/onboardings/bulk')
export class BulkIntakeController {
  constructor(private readonly bulk: BulkIntakeService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: `Up to ${MAX_BULK_HIRES} new hires: an answer per hire, workflows started from a queue`,
    description:
      'Each hire is the body of POST /api/v1/onboardings and is checked on its own. Per hire: ' +
      '`accepted` (a new onboarding), `duplicate` (the hire has an open onboarding, whose id is ' +
      'given) or `invalid` (with each bad field). Idempotent per webhook-id and per hire.',
  })
  @ApiResponse({
    status: 202,
    description:
      "{ items: [{ index, employeeId, status: 'accepted' | 'duplicate' | 'invalid', onboardingId?, errors? }], accepted, duplicates, invalid }",
  })
  @ApiResponse({
    status: 400,
    description: `Not { hires: [...] } with 1 to ${MAX_BULK_HIRES} hires (problem+json)`,
  })
  @ApiResponse({ status: 413, description: 'Body over 1 MiB' })
  take(
    @CurrentHrClient() client: HrClientConfig,
    @Headers('webhook-id') webhookId: string,
    @ValidBody(bulkIntakeSchema, bulkIntakeDocumented) body: BulkIntakeBody,
  ): Promise<BulkAnswer> {
    return this.bulk.take(client, webhookId, body.hires);
  }
}
