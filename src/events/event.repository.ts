import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isDuplicateKey } from '../database/duplicate-key';
import { EVENT_MODEL, OnboardingEvent } from './event.schema';

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

  get(id: string): Promise<OnboardingEvent | null> {
    return this.model.findById(id).lean<OnboardingEvent>().exec();
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
}
