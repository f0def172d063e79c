import { Module } from '@nestjs/common';
import { ActivationModule } from './activation/activation.module';
import { BulkIntakeModule } from './bulk-intake/bulk-intake.module';
import { CoreModule } from './core.module';
import { HealthModule } from './health/health.module';
import { HrAdaptersModule } from './hr-adapters/hr-adapters.module';
import { DevMailboxModule } from './mail/dev-mailbox.module';
import { MetricsModule } from './metrics/metrics.module';
import { OnboardingsModule } from './onboardings/onboardings.module';
import { OpsModule } from './ops/ops.module';
import { ScimModule } from './scim/scim.module';
import { CodecModule } from './temporal/codec.module';
import { TemporalModule } from './temporal/temporal.module';
import { WebModule } from './web/web.module';

@Module({
  imports: [
    CoreModule,
    TemporalModule,
    HealthModule,
    OnboardingsModule,
    BulkIntakeModule,
    HrAdaptersModule,
    ActivationModule,
    CodecModule,
    DevMailboxModule,
    MetricsModule,
    WebModule,
    OpsModule,
    ScimModule,
  ],
})
export class AppModule {}
