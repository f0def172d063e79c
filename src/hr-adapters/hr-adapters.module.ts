import { Module } from '@nestjs/common';
import { OnboardingsModule } from '../onboardings/onboardings.module';
import { HR_ADAPTERS } from './adapters';
import { hrAdapterController } from './hr-adapter.controller';
import { HrAdapterMetrics } from './hr-adapter.metrics';
import { HrInboundQueue } from './hr-inbound.queue';
import { HrInboundService } from './hr-inbound.service';
import { HrInboundWorker } from './hr-inbound.worker';

/** Inbound webhooks of named HR systems (the API): routes, the inbound queue and its worker. */
@Module({
  imports: [OnboardingsModule],
  // One route per adapter, POST /api/v1/hr/<vendor>.
  controllers: HR_ADAPTERS.map((adapter) => hrAdapterController(adapter)),
  providers: [HrAdapterMetrics, HrInboundQueue, HrInboundService, HrInboundWorker],
  exports: [HrInboundQueue],
})
export class HrAdaptersModule {}
