import { Module } from '@nestjs/common';
import { CoreModule } from './core.module';
import { OnboardingLifecycleModule } from './onboardings/onboarding-lifecycle.module';

/** What the Temporal worker's activities need: no HTTP, no Temporal client, no SMTP. */
@Module({ imports: [CoreModule, OnboardingLifecycleModule] })
export class WorkerModule {}
