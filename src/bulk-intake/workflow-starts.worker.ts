import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { Worker } from 'bullmq';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { OnboardingIntake } from '../onboardings/onboarding-intake';
import { OnboardingRepository } from '../onboardings/onboarding.repository';
import { logFailures, queueOptions } from '../queue/queue.module';
import { QUEUES } from '../queue/queue-names';
import { workflowStartJob, type WorkflowStartJob } from './workflow-starts.queue';

/** A job whose process died is handed to another after about this long. */
const STALL_MS = 10_000;

/**
 * Starts the workflows of a bulk's onboardings in the API process, which has the Temporal
 * client (the queue worker process deliberately has none). A start is safe to repeat: an
 * onboarding whose run has recorded itself is skipped, and a start reuses a running workflow.
 */
@Injectable()
export class WorkflowStartsWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('workflow-starts');
  private worker?: Worker<WorkflowStartJob>;

  constructor(
    private readonly onboardings: OnboardingRepository,
    private readonly intake: OnboardingIntake,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const worker = new Worker<WorkflowStartJob>(
      QUEUES.workflowStarts,
      (job) => this.start(workflowStartJob.parse(job.data)),
      {
        ...queueOptions(this.config),
        concurrency: 10,
        lockDuration: STALL_MS,
        stalledInterval: STALL_MS,
      },
    );
    logFailures(worker, this.logger);
    this.worker = worker;
  }

  private async start({ onboardingId }: WorkflowStartJob): Promise<void> {
    const record = await this.onboardings.get(onboardingId);
    // Stored before its job was queued: a missing one is a fault worth retrying and seeing.
    if (!record) throw new Error(`onboarding ${onboardingId} does not exist`);
    await this.intake.ensureWorkflow(record);
  }

  /** Stops taking jobs and lets the running ones finish. */
  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
  }
}
