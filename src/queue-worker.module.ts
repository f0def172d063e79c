import { Module } from '@nestjs/common';
import { CoreModule } from './core.module';
import { EventsModule } from './events/events.module';
import { MailModule } from './mail/mail.module';

/** What the BullMQ workers need: mail rendering and sending, HR event delivery. */
@Module({ imports: [CoreModule, MailModule, EventsModule] })
export class QueueWorkerModule {}
