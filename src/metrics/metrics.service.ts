import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { WorkflowStartsQueue } from '../bulk-intake/workflow-starts.queue';
import { HrEventsQueue } from '../events/hr-events.queue';
import { HrInboundQueue } from '../hr-adapters/hr-inbound.queue';
import { MailQueue } from '../mail/mail.queue';
import { OnboardingRepository } from '../onboardings/onboarding.repository';
import { Metrics } from './metrics';

/** `prioritized`: waiting behind the others (a bulk's mail); BullMQ counts it apart from `waiting`. */
const STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed'] as const;

/** The API's gauges, read when Prometheus scrapes: queue depths and onboardings by status. */
@Injectable()
export class MetricsService {
  constructor(
    private readonly metrics: Metrics,
    mail: MailQueue,
    events: HrEventsQueue,
    inbound: HrInboundQueue,
    starts: WorkflowStartsQueue,
    onboardings: OnboardingRepository,
  ) {
    const queues = [mail.queue, events.queue, inbound.queue, starts.queue];
    new Gauge({
      name: 'onboarding_queue_jobs',
      help: 'Jobs in each BullMQ queue by state; failed ones ran out of retries and wait for ops.',
      labelNames: ['queue', 'state'],
      registers: [metrics.registry],
      async collect() {
        for (const queue of queues) {
          const counts = await queue.getJobCounts(...STATES);
          for (const state of STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }
      },
    });
    new Gauge({
      name: 'onboarding_onboardings',
      help: 'Onboardings in MongoDB by HR client and status (started, completed, expired, cancelled)',
      labelNames: ['client', 'status'],
      registers: [metrics.registry],
      async collect() {
        const groups = await onboardings.countByClientAndStatus();
        this.reset();
        for (const g of groups) this.set({ client: g.client, status: g.status }, g.count);
      },
    });
  }

  text(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
