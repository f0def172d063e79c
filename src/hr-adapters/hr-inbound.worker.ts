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
import { logFailures, queueOptions } from '../queue/queue.module';
import { QUEUES } from '../queue/queue-names';
import { HrAdapterMetrics } from './hr-adapter.metrics';
import { hrInboundJob, type HrInboundJob } from './hr-inbound.queue';
import { HrInboundService } from './hr-inbound.service';

/** A job whose process died is handed to another after about this long. */
const STALL_MS = 10_000;

/**
 * Consumes the inbound queue in the API process: taking a person in starts their workflow or
 * sends an admin update through the API's Temporal client, which the queue worker process
 * deliberately does not have. Nothing runs where no client uses an adapter.
 */
@Injectable()
export class HrInboundWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('hr-inbound');
  private worker?: Worker<HrInboundJob>;

  constructor(
    private readonly inbound: HrInboundService,
    private readonly metrics: HrAdapterMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.hrClients.some((c) => c.adapters)) return;
    const worker = new Worker<HrInboundJob>(
      QUEUES.hrInbound,
      (job) => this.inbound.process(hrInboundJob.parse(job.data)),
      {
        ...queueOptions(this.config),
        concurrency: 5,
        lockDuration: STALL_MS,
        stalledInterval: STALL_MS,
      },
    );
    logFailures(worker, this.logger, (job) => this.metrics.count(job.data.vendor, 'failed'));
    this.worker = worker;
  }

  /** Stops taking jobs and lets the running ones finish. */
  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
  }
}
