import { Injectable } from '@nestjs/common';
import { HrClientsService } from '../hr-clients/hr-clients.service';
import { type NewOnboardingEvent, onboardingOfEvent } from './event.schema';
import { EventRepository } from './event.repository';
import { HrEventsQueue } from './hr-events.queue';

/** The one hand-over point for onboarding events: recorded in MongoDB, queued for delivery. */
@Injectable()
export class EventsService {
  constructor(
    private readonly events: EventRepository,
    private readonly clients: HrClientsService,
    private readonly queue: HrEventsQueue,
  ) {}

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
    if (deliverable) await this.queue.enqueue(event._id, event.type);
  }
}
