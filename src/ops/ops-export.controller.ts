import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ValidQuery } from '../http/zod-validation.pipe';
import { OnboardingInventory } from './onboarding-inventory';
import { OpsActions, type OpsActionRecord } from './ops-actions';
import { OpsAuthGuard } from './ops-auth.guard';
import { exportQuery, type ExportQuery } from './ops-filters';

/**
 * The ops list as a file for HR. Its own controller: `onboardings.csv` sits beside the list's
 * path, not under it, where `:id` would take it.
 */
@ApiTags('ops')
@ApiBearerAuth()
@Controller('api/v1/ops')
@UseGuards(OpsAuthGuard)
export class OpsExportController {
  constructor(
    private readonly inventory: OnboardingInventory,
    private readonly actions: OpsActions,
  ) {}

  @Get('onboardings.csv')
  @ApiOperation({
    summary: 'Every onboarding the list filters find, as CSV (streamed, not paged); recorded',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description:
      'onboarding_id, hr_client, employee_id, status, in_step_since, deadline, reminders_sent, ' +
      'last_admin_action(_at, _by); with include=contact also first_name, last_name, email',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  export(@ValidQuery(exportQuery) q: ExportQuery, @Res() res: Response): Promise<void> {
    return this.inventory.export(q, res);
  }

  @Get('actions')
  @ApiOperation({ summary: 'The latest ops actions that concern no one onboarding (exports)' })
  recent(): Promise<OpsActionRecord[]> {
    return this.actions.recent();
  }
}
