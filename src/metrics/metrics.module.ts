import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ONBOARDING_MODEL, OnboardingSchema } from '../onboardings/onboarding.schema';
import { EventsModule } from '../events/events.module';
import { MailModule } from '../mail/mail.module';
import { OpsAuthGuard } from '../ops/ops-auth.guard';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

@Module({
  imports: [
    MailModule,
    EventsModule,
    MongooseModule.forFeature([{ name: ONBOARDING_MODEL, schema: OnboardingSchema }]),
  ],
  controllers: [MetricsController],
  providers: [MetricsService, OpsAuthGuard],
})
export class MetricsModule {}
