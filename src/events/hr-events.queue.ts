import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { RetryingQueue } from '../queue/queue.module';
import { QUEUES } from '../queue/queue-names';
import type { OnboardingEventType } from './event.schema';

export interface EventJob {
  eventId: string;
}

/** Recorded events waiting for delivery to their HR client's callback URL. */
@Injectable()
export class HrEventsQueue extends RetryingQueue<EventJob> {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(QUEUES.hrEvents, config, config.events);
  }

  /** The job id is the event id: BullMQ keeps one job per id, so a retry queues nothing new. */
  async enqueue(eventId: string, type: OnboardingEventType): Promise<void> {
    await this.queue.add(type, { eventId }, { jobId: eventId });
  }
}
