import { Module } from '@nestjs/common';
import { OnboardingsModule } from '../onboardings/onboardings.module';
import { OpsAuthGuard } from './ops-auth.guard';
import { OpsController } from './ops.controller';

@Module({ imports: [OnboardingsModule], controllers: [OpsController], providers: [OpsAuthGuard] })
export class OpsModule {}
