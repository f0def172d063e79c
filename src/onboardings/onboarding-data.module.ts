import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { OnboardingStats } from './onboarding-stats.repository';
import { OnboardingRepository } from './onboarding.repository';
import { ONBOARDING_MODEL, OnboardingSchema } from './onboarding.schema';

/** The onboardings collection; every process that reads or writes it imports this. */
@Module({
  imports: [MongooseModule.forFeature([{ name: ONBOARDING_MODEL, schema: OnboardingSchema }])],
  providers: [OnboardingRepository, OnboardingStats],
  exports: [OnboardingRepository, OnboardingStats],
})
export class OnboardingDataModule {}
