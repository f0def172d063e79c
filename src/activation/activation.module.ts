import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AuthModule } from '../auth/auth.module';
import { OnboardingsModule } from '../onboardings/onboardings.module';
import { PasskeysModule } from '../passkeys/passkeys.module';
import { ActivationService } from './activation.service';
import { CodeAttempts } from './code-attempts';
import { CodeRequests } from './code-requests.service';

@Module({
  imports: [OnboardingsModule, AccountsModule, AuthModule, PasskeysModule],
  providers: [ActivationService, CodeAttempts, CodeRequests],
  exports: [ActivationService, CodeRequests],
})
export class ActivationModule {}
