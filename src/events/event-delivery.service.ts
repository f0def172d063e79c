import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { HrClientsService } from '../hr-clients/hr-clients.service';
import { HrEventDeliveries } from '../metrics/hr-event-deliveries';
import { sign } from '../hr-clients/standard-webhooks';
import { postCallback } from './callback-request';
import { EventRepository } from './event.repository';
import type { OnboardingEvent } from './event.schema';

export type DeliveryOutcome = 'delivered' | 'wait' | 'not deliverable';

/**
 * Delivers one event to its HR client's callback URL, signed the Standard Webhooks way with
 * the client's secret; `webhook-id` is the event id, so the receiver can drop a redelivery.
 * Throws when HR does not answer 2xx, so the queue retries with backoff.
 */
@Injectable()
export class EventDelivery {
  constructor(
    private readonly events: EventRepository,
    private readonly clients: HrClientsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly counts: HrEventDeliveries,
  ) {}

  async deliver(eventId: string, attempt: number): Promise<DeliveryOutcome> {
    const { event, earlierPending } = await this.events.pendingInOrder(eventId);
    const client = event ? this.clients.get(event.clientId) : undefined;
    const key = client?.keys[0];
    if (!event || !client?.callbackUrl || !key) {
      if (event) this.counts.count(event.clientId, 'not_deliverable');
      return 'not deliverable';
    }
    // HR sees an onboarding's events in the order they happened.
    if (earlierPending) return 'wait';

    const body = JSON.stringify({
      id: event._id,
      type: event.type,
      timestamp: event.occurredAt.toISOString(),
      data: {
        onboardingId: event.onboardingId,
        employeeId: event.employeeId,
        ...event.data,
      },
    });
    const timestamp = Math.floor(Date.now() / 1000);
    let status: number;
    try {
      status = await postCallback(
        client.callbackUrl,
        body,
        {
          'content-type': 'application/json',
          'webhook-id': event._id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': sign(key, event._id, timestamp, body),
        },
        {
          timeoutMs: this.config.events.timeoutMs,
          allowInternal: this.config.webhooks.callbackAllowPrivate,
        },
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.fail(event, attempt, `no answer: ${message}`);
      throw new Error(`HR callback unreachable: ${message}`, { cause: error });
    }
    if (status < 200 || status >= 300) {
      await this.fail(event, attempt, `HTTP ${status}`);
      throw new Error(`HR callback answered ${status}`);
    }
    await this.events.markDelivered(eventId, attempt);
    this.counts.count(event.clientId, 'delivered');
    return 'delivered';
  }

  private async fail(event: OnboardingEvent, attempt: number, error: string): Promise<void> {
    this.counts.count(event.clientId, 'failed');
    await this.events.markAttempt(
      event._id,
      attempt,
      error,
      attempt >= this.config.events.attempts,
    );
  }
}
