import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { MailModule } from '../mail/mail.module';
import { AuthService } from './auth.service';

@Module({ imports: [AccountsModule, MailModule], providers: [AuthService], exports: [AuthService] })
export class AuthModule {}
