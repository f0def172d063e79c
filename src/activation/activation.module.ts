import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { OnboardingsModule } from '../onboardings/onboardings.module';
import { ActivationService } from './activation.service';

@Module({
  imports: [OnboardingsModule, AccountsModule],
  providers: [ActivationService],
  exports: [ActivationService],
})
export class ActivationModule {}
