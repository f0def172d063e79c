import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { RetryingQueue } from '../queue/queue.module';
import { QUEUES } from '../queue/queue-names';
import { hrAdaptersSchema } from './adapters.schema';

/**
 * A vendor API that is down is tried again: from 2 s, doubling, 15 tries span about 9 hours.
 * The vendor no longer retries once we answered 2xx, so this queue is the only retry left.
 */
const RETRY = { attempts: 15, backoffMs: 2000 };

/** One person to read from the vendor's API and take in; checked when queued and when read. */
export const hrInboundJob = z.strictObject({
  vendor: hrAdaptersSchema.keyof(),
  clientId: z.string().min(1),
  employeeId: z.string().min(1).max(128),
  change: z.enum(['created', 'updated']),
  /** Recorded as intake's receipt, so a job run twice still makes one onboarding. */
  receipt: z.string().min(1).max(256),
});
export type HrInboundJob = z.output<typeof hrInboundJob>;

@Injectable()
export class HrInboundQueue extends RetryingQueue<HrInboundJob> {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(QUEUES.hrInbound, config, RETRY);
  }

  /** The receipt is the job id: BullMQ keeps one job per id, so a redelivery queues nothing new. */
  async enqueue(job: HrInboundJob): Promise<void> {
    const data = hrInboundJob.parse(job);
    await this.queue.add(`${data.vendor} ${data.change}`, data, { jobId: data.receipt });
  }
}
