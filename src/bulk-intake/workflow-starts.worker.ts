import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { OnboardingIntake } from '../onboardings/onboarding-intake';
import { OnboardingRepository } from '../onboardings/onboarding.repository';
import { ApiQueueConsumer } from '../queue/api-queue-consumer';
import { QUEUES } from '../queue/queue-names';
import {
  workflowStartJob,
  type WorkflowStartJob,
  WorkflowStartsQueue,
} from './workflow-starts.queue';

/** Onboardings one sweep starts again at most; the rest wait for the next sweep. */
const SWEEP_LIMIT = 500;

/**
 * Starts the workflows of a bulk's onboardings, 10 at a time. A start is safe to repeat: an
 * onboarding whose run has recorded itself is skipped, and a start finds the onboarding's own
 * run if it is going. A periodic sweep starts again what is still without a run long after
 * intake, so a hire is not lost when a bulk died between storing and queueing and HR never sent
 * it again.
 */
@Injectable()
export class WorkflowStartsWorker extends ApiQueueConsumer<WorkflowStartJob> {
  private readonly logger = new Logger(WorkflowStartsWorker.name);
  private readonly settings: AppConfig['workflowStarts'];

  constructor(
    private readonly onboardings: OnboardingRepository,
    private readonly intake: OnboardingIntake,
    private readonly starts: WorkflowStartsQueue,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super(QUEUES.workflowStarts, config, 10);
    this.settings = config.workflowStarts;
  }

  override onApplicationBootstrap(): void {
    super.onApplicationBootstrap();
    this.starts.scheduleSweep(this.settings.sweepEveryMs).catch((error: unknown) =>
      // Redis away at start-up: the next API process to start schedules it.
      this.logger.warn({ msg: 'sweep not scheduled', error: String(error) }),
    );
  }

  protected async handle(data: unknown): Promise<void> {
    const job = workflowStartJob.parse(data);
    if ('sweep' in job) return this.sweep();
    const { onboardingId } = job;
    const record = await this.onboardings.get(onboardingId);
    // Stored before its job was queued: a missing one is a fault worth retrying and seeing.
    if (!record) throw new Error(`onboarding ${onboardingId} does not exist`);
    await this.intake.ensureWorkflow(record);
  }

  private async sweep(): Promise<void> {
    const before = new Date(Date.now() - this.settings.restartAfterMs);
    const ids = await this.onboardings.findUnstarted(before, SWEEP_LIMIT);
    if (ids.length === 0) return;
    const outcomes = { queued: 0, retried: 0, pending: 0 };
    for (const id of ids) outcomes[await this.starts.restart(id)] += 1;
    this.logger.warn({ msg: 'onboardings without a workflow run started again', ...outcomes });
  }
}
