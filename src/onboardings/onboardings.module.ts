import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AccountsModule } from '../accounts/accounts.module';
import { EventsModule } from '../events/events.module';
import { HrClientsModule } from '../hr-clients/hr-clients.module';
import { MailModule } from '../mail/mail.module';
import { SessionsModule } from '../sessions/sessions.module';
import { OnboardingLifecycle } from './onboarding-lifecycle.service';
import { OnboardingWorkflows } from './onboarding-workflows';
import { OnboardingRepository } from './onboarding.repository';
import { ONBOARDING_MODEL, OnboardingSchema } from './onboarding.schema';
import { OnboardingsController } from './onboardings.controller';
import { OnboardingsService } from './onboardings.service';

@Module({
  imports: [
    MongooseModule.forFeature([{ name: ONBOARDING_MODEL, schema: OnboardingSchema }]),
    AccountsModule,
    EventsModule,
    HrClientsModule,
    MailModule,
    SessionsModule,
  ],
  controllers: [OnboardingsController],
  providers: [OnboardingRepository, OnboardingLifecycle, OnboardingWorkflows, OnboardingsService],
  exports: [OnboardingRepository, OnboardingLifecycle, OnboardingWorkflows, OnboardingsService],
})
export class OnboardingsModule {}
