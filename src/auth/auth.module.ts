import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { MailQueueModule } from '../mail/mail-queue.module';
import { PasskeysModule } from '../passkeys/passkeys.module';
import { SessionsModule } from '../sessions/sessions.module';
import { AuthService } from './auth.service';
import { EmailChanges } from './email-changes.service';
import { PasswordResets } from './password-resets.service';

@Module({
  imports: [AccountsModule, MailQueueModule, PasskeysModule, SessionsModule],
  providers: [AuthService, EmailChanges, PasswordResets],
  exports: [AuthService, EmailChanges, PasswordResets],
})
export class AuthModule {}
