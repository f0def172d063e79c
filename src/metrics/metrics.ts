import { Global, Injectable, Module } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { HrEventDeliveries } from './hr-event-deliveries';

const HOUR = 3600;

/**
 * This process's Prometheus metrics. Each process has its own: the API serves them at
 * /metrics, the Temporal worker on WORKER_METRICS_PORT; the queue worker serves none (its
 * delivery counts go through Redis, see HrEventDeliveries).
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly transitions = new Counter({
    name: 'onboarding_transitions_total',
    help: 'Onboardings entering a status (invited = started, active = completed), by HR client',
    labelNames: ['client', 'status'],
    registers: [this.registry],
  });
  readonly stepSeconds = new Histogram({
    name: 'onboarding_step_duration_seconds',
    help: 'Time an onboarding spent in a status before leaving it',
    labelNames: ['status'],
    buckets: [60, 600, HOUR, 6 * HOUR, 24 * HOUR, 3 * 24 * HOUR, 7 * 24 * HOUR, 30 * 24 * HOUR],
    registers: [this.registry],
  });
  readonly activationSeconds = new Histogram({
    name: 'onboarding_time_to_activation_seconds',
    help: 'From the webhook to an active account with 2FA',
    buckets: [600, HOUR, 6 * HOUR, 24 * HOUR, 3 * 24 * HOUR, 7 * 24 * HOUR, 14 * 24 * HOUR],
    registers: [this.registry],
  });
  readonly reminders = new Counter({
    name: 'onboarding_reminders_total',
    help: 'Reminder mails queued, by kind',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  readonly escalations = new Counter({
    name: 'onboarding_escalations_total',
    help: 'Hires stuck after their last reminder, by HR client and step (the manager was told)',
    labelNames: ['client', 'step'],
    registers: [this.registry],
  });
  readonly securityEvents = new Counter({
    name: 'onboarding_security_events_total',
    help: 'Wrong login codes, code and login lockouts, refused TOTP replays, wrong passwords',
    labelNames: ['event'],
    registers: [this.registry],
  });
  readonly codeRequests = new Counter({
    name: 'onboarding_code_requests_total',
    help: 'Employee requests for a new login code, by outcome (new_code, hr_asked, no_match, refused, limited)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly httpSeconds = new Histogram({
    name: 'onboarding_http_request_duration_seconds',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'onboarding_process_' });
  }
}

@Global()
@Module({ providers: [Metrics, HrEventDeliveries], exports: [Metrics, HrEventDeliveries] })
export class MetricsCoreModule {}
