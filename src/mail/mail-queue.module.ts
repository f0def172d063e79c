import { Module } from '@nestjs/common';
import { MailQueue } from './mail.queue';

/** Queues mail jobs; the API and the Temporal worker send mail only through this. */
@Module({ providers: [MailQueue], exports: [MailQueue] })
export class MailQueueModule {}
