import { Module } from '@nestjs/common';
import { MailQueue } from './mail.queue';

@Module({ providers: [MailQueue], exports: [MailQueue] })
export class MailModule {}
