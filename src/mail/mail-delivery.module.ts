import { Module } from '@nestjs/common';
import { MailProcessor } from './mail.processor';
import { MailSender } from './mail.sender';

/** Renders and sends queued mail: the queue worker's alone, so only it opens SMTP. */
@Module({ providers: [MailSender, MailProcessor], exports: [MailProcessor] })
export class MailDeliveryModule {}
