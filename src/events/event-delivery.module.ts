import { Module } from '@nestjs/common';
import { HrClientsModule } from '../hr-clients/hr-clients.module';
import { EventDelivery } from './event-delivery.service';
import { EventsModule } from './events.module';

/** Delivers queued events to HR's callback URLs: the queue worker's alone. */
@Module({
  imports: [EventsModule, HrClientsModule],
  providers: [EventDelivery],
  exports: [EventDelivery],
})
export class EventDeliveryModule {}
