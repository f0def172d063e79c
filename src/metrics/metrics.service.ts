import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { WorkflowStartsQueue } from '../bulk-intake/workflow-starts.queue';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { HrEventsQueue } from '../events/hr-events.queue';
import { HrInboundQueue } from '../hr-adapters/hr-inbound.queue';
import { MailQueue } from '../mail/mail.queue';
import { OnboardingStats } from '../onboardings/onboarding-stats.repository';
import { HrEventDeliveries } from './hr-event-deliveries';
import { Metrics } from './metrics';
import { PENDING } from '../../workflows/onboarding.rules';

/** `prioritized`: waiting behind the others (a bulk's mail); BullMQ counts it apart from `waiting`. */
const STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed'] as const;

/** "Expiring soon": the deadline falls within this window. */
const EXPIRING_WINDOW_MS = 24 * 3600 * 1000;

/**
 * The API's gauges, read when Prometheus scrapes: queue depths and workers, onboardings by
 * status, how long the oldest has waited in each step, and HR event deliveries.
 */
@Injectable()
export class MetricsService {
  constructor(
    private readonly metrics: Metrics,
    mail: MailQueue,
    events: HrEventsQueue,
    inbound: HrInboundQueue,
    starts: WorkflowStartsQueue,
    onboardings: OnboardingStats,
    deliveries: HrEventDeliveries,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const queues = [mail.queue, events.queue, inbound.queue, starts.queue];
    // The clients configured now; records of a client since removed are not looked at.
    const clients = config.hrClients.map((c) => c.id);
    const registers = [metrics.registry];
    new Gauge({
      name: 'onboarding_queue_jobs',
      help: 'Jobs in each BullMQ queue by state; failed ones ran out of retries and wait for ops.',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        for (const queue of queues) {
          const counts = await queue.getJobCounts(...STATES);
          for (const state of STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }
      },
    });
    new Gauge({
      name: 'onboarding_queue_workers',
      help: 'BullMQ workers connected to each queue (from Redis CLIENT LIST); 0: nobody takes its jobs',
      labelNames: ['queue'],
      registers,
      async collect() {
        for (const queue of queues) this.set({ queue: queue.name }, await queue.getWorkersCount());
      },
    });
    new Gauge({
      name: 'onboarding_onboardings',
      help: 'Onboardings in MongoDB by HR client and status (started, completed, expired, cancelled)',
      labelNames: ['client', 'status'],
      registers,
      async collect() {
        const groups = await onboardings.countByClientAndStatus();
        this.reset();
        for (const g of groups) this.set({ client: g.client, status: g.status }, g.count);
      },
    });
    new Gauge({
      name: 'onboarding_oldest_step_age_seconds',
      help: 'Per open step and HR client, how long its longest-waiting onboarding has been in it (0: none)',
      labelNames: ['status', 'client'],
      registers,
      async collect() {
        const oldest = await onboardings.oldestInStep(clients);
        const now = Date.now();
        // Every pair is set, 0 when the step is empty, so a series does not vanish and return.
        for (const status of PENDING) for (const client of clients) this.set({ status, client }, 0);
        for (const o of oldest) {
          this.set({ status: o.status, client: o.client }, (now - o.since.getTime()) / 1000);
        }
      },
    });
    new Gauge({
      name: 'onboarding_expiring_soon',
      help: 'Open onboardings by HR client whose deadline falls within the next 24 hours',
      labelNames: ['client'],
      registers,
      async collect() {
        const now = new Date();
        const until = new Date(now.getTime() + EXPIRING_WINDOW_MS);
        for (const c of await onboardings.expiringBetween(clients, now, until)) {
          this.set({ client: c.client }, c.count);
        }
      },
    });
    new Gauge({
      name: 'onboarding_invite_overdue_seconds',
      help: 'How long past its moment the earliest held (scheduled) invite still waits (0: none due)',
      registers,
      async collect() {
        const now = new Date();
        const due = await onboardings.earliestDueInvite(now);
        this.set(due ? (now.getTime() - due.getTime()) / 1000 : 0);
      },
    });
    new Counter({
      name: 'onboarding_hr_event_deliveries_total',
      help: 'HR event delivery attempts by HR client and outcome (delivered, failed, not_deliverable), from every queue worker',
      labelNames: ['client', 'outcome'],
      registers,
      async collect() {
        const counts = await deliveries.read();
        this.reset();
        for (const c of counts) this.inc({ client: c.client, outcome: c.outcome }, c.count);
      },
    });
  }

  text(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
