import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { OnboardingsModule } from '../onboardings/onboardings.module';
import { OnboardingInventory } from './onboarding-inventory';
import { OPS_ACTION_MODEL, OpsActions, OpsActionSchema } from './ops-actions';
import { OpsAuthGuard } from './ops-auth.guard';
import { OpsExportController } from './ops-export.controller';
import { OpsController } from './ops.controller';

@Module({
  imports: [
    OnboardingsModule,
    MongooseModule.forFeature([{ name: OPS_ACTION_MODEL, schema: OpsActionSchema }]),
  ],
  controllers: [OpsController, OpsExportController],
  providers: [OpsAuthGuard, OpsActions, OnboardingInventory],
})
export class OpsModule {}
