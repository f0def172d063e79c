import { Module } from '@nestjs/common';
import { BulkIntakeModule } from '../bulk-intake/bulk-intake.module';
import { OnboardingDataModule } from '../onboardings/onboarding-data.module';
import { EventsModule } from '../events/events.module';
import { HrAdaptersModule } from '../hr-adapters/hr-adapters.module';
import { MailQueueModule } from '../mail/mail-queue.module';
import { OpsAuthGuard } from '../ops/ops-auth.guard';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

@Module({
  imports: [
    MailQueueModule,
    EventsModule,
    HrAdaptersModule,
    BulkIntakeModule,
    OnboardingDataModule,
  ],
  controllers: [MetricsController],
  providers: [MetricsService, OpsAuthGuard],
})
export class MetricsModule {}
