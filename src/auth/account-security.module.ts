import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ActivationModule } from '../activation/activation.module';
import { PasskeysModule } from '../passkeys/passkeys.module';
import { SessionsModule } from '../sessions/sessions.module';
import { AccountSecurity } from './account-security.service';
import { AuthModule } from './auth.module';

/** Its own module: it builds on the activation's 2FA enrolment, which builds on AuthModule. */
@Module({
  imports: [AccountsModule, ActivationModule, AuthModule, PasskeysModule, SessionsModule],
  providers: [AccountSecurity],
  exports: [AccountSecurity],
})
export class AccountSecurityModule {}
