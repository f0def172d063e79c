import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { RetryingQueue } from '../queue/queue.module';
import { QUEUES } from '../queue/queue-names';

/** Temporal unreachable: from 1 s, doubling, 15 tries span about 4.5 hours. */
const RETRY = { attempts: 15, backoffMs: 1000 };

/**
 * One stored onboarding whose workflow is to be started, or the periodic look for onboardings
 * left without a run; checked when queued and when read.
 */
export const workflowStartJob = z.union([
  z.strictObject({ onboardingId: z.string().min(1).max(100) }),
  z.strictObject({ sweep: z.literal(true) }),
]);
export type WorkflowStartJob = z.output<typeof workflowStartJob>;

const jobIdOf = (onboardingId: string) => `start.${onboardingId}`;

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
      opts: { jobId: jobIdOf(onboardingId) },
    }));
    if (jobs.length > 0) await this.queue.addBulk(jobs);
  }

  /**
   * The sweep, every `everyMs`: a job scheduler, so however many API processes there are, one
   * of them runs each sweep. Not retried: the next one comes soon enough.
   */
  async scheduleSweep(everyMs: number): Promise<void> {
    await this.queue.upsertJobScheduler(
      'sweep-unstarted',
      { every: everyMs },
      { name: 'sweep', data: { sweep: true }, opts: { attempts: 1 } },
    );
  }

  /**
   * An onboarding's start queued again: a new job where none is left, a failed one (out of
   * retries) retried. A waiting, running or finished one stays as it is: its start is on the
   * way or done, and the run has yet to record itself.
   */
  async restart(onboardingId: string): Promise<'queued' | 'retried' | 'pending'> {
    const job = await this.queue.getJob(jobIdOf(onboardingId));
    if (!job) {
      await this.enqueue([onboardingId]);
      return 'queued';
    }
    if (await job.isFailed()) {
      await job.retry('failed');
      return 'retried';
    }
    return 'pending';
  }
}
