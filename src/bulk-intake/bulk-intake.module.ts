import { Module } from '@nestjs/common';
import { HrWebhooksModule } from '../hr-clients/hr-webhooks.module';
import { OnboardingsModule } from '../onboardings/onboardings.module';
import { BulkIntakeController } from './bulk-intake.controller';
import { BulkIntakeService } from './bulk-intake.service';
import { WorkflowStartsQueue } from './workflow-starts.queue';
import { WorkflowStartsWorker } from './workflow-starts.worker';

/** HR's bulk intake (the API): the signed route, and the queue that starts its workflows. */
@Module({
  imports: [OnboardingsModule, HrWebhooksModule],
  controllers: [BulkIntakeController],
  providers: [BulkIntakeService, WorkflowStartsQueue, WorkflowStartsWorker],
  exports: [WorkflowStartsQueue],
})
export class BulkIntakeModule {}
