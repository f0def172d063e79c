import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { bullConnection } from '../queue/queue.module';
import { QUEUES } from '../queue/queue-names';

export type MailTemplate =
  | 'invite'
  | 'reminder_code'
  | 'reminder_finish'
  | 'reminder_last_day'
  | 'expired'
  | 'activated'
  | 'cancelled';

/** A mail to render and send; the login code travels sealed (SecretBox), never in the clear. */
export interface MailJob {
  template: MailTemplate;
  onboardingId: string;
  to: string;
  locale: 'nl' | 'en';
  firstName: string;
  codeSealed?: string;
  deadline?: string;
}

@Injectable()
export class MailQueue implements OnModuleDestroy {
  private readonly queue: Queue<MailJob>;
  private readonly logger = new Logger(MailQueue.name);

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.queue = new Queue(QUEUES.mail, { connection: bullConnection(config) });
    // Connection trouble is retried by the client; log it instead of crashing on 'error'.
    this.queue.on('error', (error) => this.logger.warn(`mail queue: ${error.message}`));
  }

  /** `jobId` is deterministic per mail (no `:`, BullMQ reserves it), so a retried activity never queues a mail twice. */
  async enqueue(jobId: string, job: MailJob): Promise<void> {
    await this.queue.add(job.template, job, { jobId });
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
  }
}
