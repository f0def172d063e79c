import { Inject, Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { ApiQueueConsumer } from '../queue/api-queue-consumer';
import { QUEUES } from '../queue/queue-names';
import { HrAdapterMetrics } from './hr-adapter.metrics';
import { hrInboundJob, type HrInboundJob } from './hr-inbound.queue';
import { HrInboundService } from './hr-inbound.service';

/**
 * Consumes the inbound queue in the API process: taking a person in starts their workflow or
 * sends an admin update through the API's Temporal client. Nothing runs where no client uses
 * an adapter.
 */
@Injectable()
export class HrInboundWorker extends ApiQueueConsumer<HrInboundJob> {
  constructor(
    private readonly inbound: HrInboundService,
    private readonly metrics: HrAdapterMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(QUEUES.hrInbound, config, 5);
  }

  protected handle(data: unknown): Promise<unknown> {
    return this.inbound.process(hrInboundJob.parse(data));
  }

  protected override wanted(): boolean {
    return this.config.hrClients.some((c) => c.adapters);
  }

  protected override failedForGood(job: Job<HrInboundJob>): void {
    this.metrics.count(job.data.vendor, 'failed');
  }
}
