import { Module } from '@nestjs/common';
import { OnboardingsModule } from '../onboardings/onboardings.module';
import { EventsModule } from '../events/events.module';
import { MailModule } from '../mail/mail.module';
import { OpsAuthGuard } from '../ops/ops-auth.guard';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

@Module({
  imports: [MailModule, EventsModule, OnboardingsModule],
  controllers: [MetricsController],
  providers: [MetricsService, OpsAuthGuard],
})
export class MetricsModule {}
