import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { OnboardingRepository } from './onboarding.repository';
import { ONBOARDING_MODEL, OnboardingSchema } from './onboarding.schema';

@Module({
  imports: [MongooseModule.forFeature([{ name: ONBOARDING_MODEL, schema: OnboardingSchema }])],
  providers: [OnboardingRepository],
  exports: [OnboardingRepository],
})
export class OnboardingsModule {}
