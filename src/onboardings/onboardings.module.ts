import { Module } from '@nestjs/common';
import { HrWebhooksModule } from '../hr-clients/hr-webhooks.module';
import { OnboardingDataModule } from './onboarding-data.module';
import { OnboardingGateway } from './onboarding.gateway';
import { OnboardingIntake } from './onboarding-intake';
import { OnboardingsController } from './onboardings.controller';
import { OnboardingsService } from './onboardings.service';

/** The API's side: HR's intake, status and admin actions, and the way into the workflow. */
@Module({
  imports: [OnboardingDataModule, HrWebhooksModule],
  controllers: [OnboardingsController],
  providers: [OnboardingGateway, OnboardingIntake, OnboardingsService],
  exports: [OnboardingDataModule, OnboardingGateway, OnboardingIntake, OnboardingsService],
})
export class OnboardingsModule {}
