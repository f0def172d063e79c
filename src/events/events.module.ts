import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { HrClientsModule } from '../hr-clients/hr-clients.module';
import { EventRepository } from './event.repository';
import { EVENT_MODEL, OnboardingEventSchema } from './event.schema';
import { EventsService } from './events.service';
import { HrEventsQueue } from './hr-events.queue';

/** The events collection and its queue: where onboarding events are recorded and queued. */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: EVENT_MODEL, schema: OnboardingEventSchema }]),
    HrClientsModule,
  ],
  providers: [EventRepository, EventsService, HrEventsQueue],
  exports: [EventRepository, EventsService, HrEventsQueue],
})
export class EventsModule {}
