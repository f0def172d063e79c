import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isDuplicateKey } from '../database/duplicate-key';
import { EVENT_MODEL, OnboardingEvent, onboardingOfEvent } from './event.schema';

/** Recorded events and their delivery state; writes are safe to repeat. */
@Injectable()
export class EventRepository {
  constructor(@InjectModel(EVENT_MODEL) private readonly model: Model<OnboardingEvent>) {}

  /** Stores the event once; a second try with the same id changes nothing. */
  async record(event: OnboardingEvent): Promise<void> {
    try {
      await this.model.create(event);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  /**
   * The event if it waits for delivery, and whether one of its onboarding that came before it
   * waits too (HR sees an onboarding's events in order). One query for both: FerretDB reads a
   * whole collection per query.
   */
  async pendingInOrder(
    id: string,
  ): Promise<{ event: OnboardingEvent | undefined; earlierPending: boolean }> {
    const pending = await this.model
      .find({ onboardingId: onboardingOfEvent(id), delivery: 'pending' })
      .lean<OnboardingEvent[]>()
      .exec();
    const event = pending.find((e) => e._id === id);
    const earlierPending =
      event !== undefined &&
      pending.some(
        (e) =>
          e.occurredAt < event.occurredAt ||
          (e.occurredAt.getTime() === event.occurredAt.getTime() && e._id < event._id),
      );
    return { event, earlierPending };
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
}
