import { Module } from '@nestjs/common';
import { CoreModule } from './core.module';
import { EventDeliveryModule } from './events/event-delivery.module';
import { MailDeliveryModule } from './mail/mail-delivery.module';

/** What the BullMQ workers need: mail rendering and sending, HR event delivery. */
@Module({ imports: [CoreModule, MailDeliveryModule, EventDeliveryModule] })
export class QueueWorkerModule {}
