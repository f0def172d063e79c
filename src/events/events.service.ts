import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Queue } from 'bullmq';
import { Model } from 'mongoose';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { HrClientsService } from '../hr-clients/hr-clients.service';
import { isDuplicateKey } from '../onboardings/onboarding.repository';
import { retryingQueue } from '../queue/queue.module';
import { QUEUES } from '../queue/queue-names';
import { EVENT_MODEL, type NewOnboardingEvent, OnboardingEvent } from './event.schema';

export interface EventJob {
  eventId: string;
}

/** The one hand-over point for onboarding events: recorded in MongoDB, queued for delivery. */
@Injectable()
export class EventsService implements OnModuleDestroy {
  readonly queue: Queue<EventJob>;

  constructor(
    @InjectModel(EVENT_MODEL) private readonly model: Model<OnboardingEvent>,
    private readonly clients: HrClientsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.queue = retryingQueue(QUEUES.hrEvents, config, config.events);
  }

  async publish(event: NewOnboardingEvent): Promise<void> {
    const deliverable = Boolean(this.clients.get(event.clientId)?.callbackUrl);
    try {
      await this.model.create({
        ...event,
        delivery: deliverable ? 'pending' : 'none',
        deliveryAttempts: 0,
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error; // recorded by an earlier try
    }
    if (!deliverable) return;
    // The job id is the event id: BullMQ keeps one job per id, so a retry queues nothing new.
    await this.queue.add(event.type, { eventId: event._id }, { jobId: event._id });
  }

  get(id: string): Promise<OnboardingEvent | null> {
    return this.model.findById(id).lean<OnboardingEvent>().exec();
  }

  listForOnboarding(onboardingId: string): Promise<OnboardingEvent[]> {
    return this.model
      .find({ onboardingId })
      .sort({ occurredAt: 1, _id: 1 })
      .lean<OnboardingEvent[]>()
      .exec();
  }

  /** Whether an event of the same onboarding that came before this one still waits. */
  async hasEarlierPending(event: OnboardingEvent): Promise<boolean> {
    const earlier = await this.model
      .find({
        onboardingId: event.onboardingId,
        delivery: 'pending',
        occurredAt: { $lte: event.occurredAt },
      })
      .lean<OnboardingEvent[]>()
      .exec();
    return earlier.some(
      (e) =>
        e.occurredAt < event.occurredAt ||
        (e.occurredAt.getTime() === event.occurredAt.getTime() && e._id < event._id),
    );
  }

  async markDelivered(id: string, attempts: number): Promise<void> {
    await this.model
      .updateOne(
        { _id: id },
        { $set: { delivery: 'delivered', deliveredAt: new Date(), deliveryAttempts: attempts } },
      )
      .exec();
  }

  async markAttempt(id: string, attempts: number, error: string, final: boolean): Promise<void> {
    await this.model
      .updateOne(
        { _id: id },
        {
          $set: {
            deliveryAttempts: attempts,
            lastDeliveryError: error,
            ...(final ? { delivery: 'failed' } : {}),
          },
        },
      )
      .exec();
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
  }
}
