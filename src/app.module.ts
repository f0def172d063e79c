import { Module } from '@nestjs/common';
import { CoreModule } from './core.module';
import { HealthModule } from './health/health.module';
import { OnboardingsModule } from './onboardings/onboardings.module';

@Module({ imports: [CoreModule, HealthModule, OnboardingsModule] })
export class AppModule {}
