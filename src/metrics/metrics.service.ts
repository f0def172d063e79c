import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { EventsService } from '../events/events.service';
import { MailQueue } from '../mail/mail.queue';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/** Prometheus metrics of this process; queue depths and failures are read from Redis. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  constructor(mail: MailQueue, events: EventsService) {
    collectDefaultMetrics({ register: this.registry, prefix: 'onboarding_api_' });
    const queues = [mail.queue, events.queue];
    new Gauge({
      name: 'onboarding_queue_jobs',
      help: 'Jobs in each BullMQ queue by state; failed ones ran out of retries and wait for ops.',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        for (const queue of queues) {
          const counts = await queue.getJobCounts(...STATES);
          for (const state of STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }
      },
    });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
