import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { EventsModule } from '../events/events.module';
import { MailQueueModule } from '../mail/mail-queue.module';
import { SessionsModule } from '../sessions/sessions.module';
import { OnboardingDataModule } from './onboarding-data.module';
import { OnboardingAdminRecords } from './onboarding-admin-records.service';
import { OnboardingLifecycle } from './onboarding-lifecycle.service';
import { OnboardingNudges } from './onboarding-nudges.service';

/** The Temporal worker's side: what the workflow's activities do. */
@Module({
  imports: [OnboardingDataModule, AccountsModule, EventsModule, MailQueueModule, SessionsModule],
  providers: [OnboardingLifecycle, OnboardingNudges, OnboardingAdminRecords],
  exports: [OnboardingLifecycle, OnboardingNudges, OnboardingAdminRecords],
})
export class OnboardingLifecycleModule {}
