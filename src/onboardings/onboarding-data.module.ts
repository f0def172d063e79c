import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { OnboardingRepository } from './onboarding.repository';
import { ONBOARDING_MODEL, OnboardingSchema } from './onboarding.schema';

/** The onboardings collection; every process that reads or writes it imports this. */
@Module({
  imports: [MongooseModule.forFeature([{ name: ONBOARDING_MODEL, schema: OnboardingSchema }])],
  providers: [OnboardingRepository],
  exports: [OnboardingRepository],
})
export class OnboardingDataModule {}
