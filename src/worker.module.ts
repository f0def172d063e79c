import { Module } from '@nestjs/common';
import { CoreModule } from './core.module';
import { OnboardingsModule } from './onboardings/onboardings.module';

/** What the Temporal worker's activities need: no HTTP. */
@Module({ imports: [CoreModule, OnboardingsModule] })
export class WorkerModule {}
