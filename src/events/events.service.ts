import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Queue } from 'bullmq';
import { Model } from 'mongoose';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { isDuplicateKey } from '../onboardings/onboarding.repository';
import { bullConnection } from '../queue/queue.module';
import { QUEUES } from '../queue/queue-names';
import { EVENT_MODEL, OnboardingEvent } from './event.schema';

/** The one hand-over point for onboarding events: recorded in MongoDB, queued for delivery. */
@Injectable()
export class EventsService implements OnModuleDestroy {
  private readonly queue: Queue<{ eventId: string }>;
  private readonly logger = new Logger(EventsService.name);

  constructor(
    @InjectModel(EVENT_MODEL) private readonly model: Model<OnboardingEvent>,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.queue = new Queue(QUEUES.hrEvents, { connection: bullConnection(config) });
    // Connection trouble is retried by the client; log it instead of crashing on 'error'.
    this.queue.on('error', (error) => this.logger.warn(`event queue: ${error.message}`));
  }

  async publish(event: OnboardingEvent): Promise<void> {
    try {
      await this.model.create(event);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error; // recorded by an earlier try
    }
    // The job id is the event id: BullMQ keeps one job per id, so a retry queues nothing new.
    await this.queue.add(event.type, { eventId: event._id }, { jobId: event._id });
  }

  listForOnboarding(onboardingId: string): Promise<OnboardingEvent[]> {
    return this.model
      .find({ onboardingId })
      .sort({ occurredAt: 1, _id: 1 })
      .lean<OnboardingEvent[]>()
      .exec();
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
  }
}
