import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { HrClientsModule } from '../hr-clients/hr-clients.module';
import { EventDelivery } from './event-delivery.service';
import { EventRepository } from './event.repository';
import { EVENT_MODEL, OnboardingEventSchema } from './event.schema';
import { EventsService } from './events.service';

@Module({
  imports: [
    MongooseModule.forFeature([{ name: EVENT_MODEL, schema: OnboardingEventSchema }]),
    HrClientsModule,
  ],
  providers: [EventRepository, EventsService, EventDelivery],
  exports: [EventsService, EventDelivery],
})
export class EventsModule {}
