import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { HrClientsService } from '../hr-clients/hr-clients.service';
import { retryingQueue } from '../queue/queue.module';
import { QUEUES } from '../queue/queue-names';
import { type NewOnboardingEvent, onboardingOfEvent } from './event.schema';
import { EventRepository } from './event.repository';

export interface EventJob {
  eventId: string;
}

/** The one hand-over point for onboarding events: recorded in MongoDB, queued for delivery. */
@Injectable()
export class EventsService implements OnModuleDestroy {
  readonly queue: Queue<EventJob>;

  constructor(
    private readonly events: EventRepository,
    private readonly clients: HrClientsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.queue = retryingQueue(QUEUES.hrEvents, config, config.events);
  }

  async publish(event: NewOnboardingEvent): Promise<void> {
    if (onboardingOfEvent(event._id) !== event.onboardingId) {
      throw new Error(`event id ${event._id} must start with its onboarding id`);
    }
    const deliverable = Boolean(this.clients.get(event.clientId)?.callbackUrl);
    await this.events.record({
      ...event,
      delivery: deliverable ? 'pending' : 'none',
      deliveryAttempts: 0,
    });
    if (!deliverable) return;
    // The job id is the event id: BullMQ keeps one job per id, so a retry queues nothing new.
    await this.queue.add(event.type, { eventId: event._id }, { jobId: event._id });
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
  }
}
