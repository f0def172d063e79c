import { Module } from '@nestjs/common';
import { OnboardingsModule } from '../onboardings/onboardings.module';
import { BamboohrController } from './bamboohr/bamboohr.controller';
import { HibobController } from './hibob/hibob.controller';
import { HrAdapterMetrics } from './hr-adapter.metrics';
import { HrInboundQueue } from './hr-inbound.queue';
import { HrInboundService } from './hr-inbound.service';
import { HrInboundWorker } from './hr-inbound.worker';
import { PersonioController } from './personio/personio.controller';

/** Inbound webhooks of named HR systems (the API): routes, the inbound queue and its worker. */
@Module({
  imports: [OnboardingsModule],
  controllers: [PersonioController, HibobController, BamboohrController],
  providers: [HrAdapterMetrics, HrInboundQueue, HrInboundService, HrInboundWorker],
  exports: [HrInboundQueue],
})
export class HrAdaptersModule {}
