import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { OnboardingIntake } from '../onboardings/onboarding-intake';
import { OnboardingRepository } from '../onboardings/onboarding.repository';
import { ApiQueueConsumer } from '../queue/api-queue-consumer';
import { QUEUES } from '../queue/queue-names';
import { workflowStartJob, type WorkflowStartJob } from './workflow-starts.queue';

/**
 * Starts the workflows of a bulk's onboardings, 10 at a time. A start is safe to repeat: an
 * onboarding whose run has recorded itself is skipped, and a start reuses a running workflow.
 */
@Injectable()
export class WorkflowStartsWorker extends ApiQueueConsumer<WorkflowStartJob> {
  constructor(
    private readonly onboardings: OnboardingRepository,
    private readonly intake: OnboardingIntake,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super(QUEUES.workflowStarts, config, 10);
  }

  protected async handle(data: unknown): Promise<void> {
    const { onboardingId } = workflowStartJob.parse(data);
    const record = await this.onboardings.get(onboardingId);
    // Stored before its job was queued: a missing one is a fault worth retrying and seeing.
    if (!record) throw new Error(`onboarding ${onboardingId} does not exist`);
    await this.intake.ensureWorkflow(record);
  }
}
