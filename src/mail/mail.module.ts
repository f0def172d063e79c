import { Module } from '@nestjs/common';
import { MailProcessor } from './mail.processor';
import { MailQueue } from './mail.queue';
import { MailSender } from './mail.sender';

@Module({
  providers: [MailQueue, MailSender, MailProcessor],
  exports: [MailQueue, MailProcessor],
})
export class MailModule {}
