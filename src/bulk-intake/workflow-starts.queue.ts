import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { RetryingQueue } from '../queue/queue.module';
import { QUEUES } from '../queue/queue-names';

/** Temporal unreachable: from 1 s, doubling, 15 tries span about 4.5 hours. */
const RETRY = { attempts: 15, backoffMs: 1000 };

/** One stored onboarding whose workflow is to be started; checked when queued and when read. */
export const workflowStartJob = z.strictObject({ onboardingId: z.string().min(1).max(100) });
export type WorkflowStartJob = z.output<typeof workflowStartJob>;

/** The workflow starts a bulk intake leaves to the API's queue consumer (WorkflowStartsWorker). */
@Injectable()
export class WorkflowStartsQueue extends RetryingQueue<WorkflowStartJob> {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(QUEUES.workflowStarts, config, RETRY);
  }

  /**
   * One job per onboarding (its id is the job id: BullMQ keeps one job per id, so a bulk sent
   * again queues nothing new), all in one round trip.
   */
  async enqueue(onboardingIds: readonly string[]): Promise<void> {
    const jobs = [...new Set(onboardingIds)].map((onboardingId) => ({
      name: 'start',
      data: workflowStartJob.parse({ onboardingId }),
      opts: { jobId: `start.${onboardingId}` },
    }));
    if (jobs.length > 0) await this.queue.addBulk(jobs);
  }
}
