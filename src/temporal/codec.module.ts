import { Module } from '@nestjs/common';
import { OpsAuthGuard } from '../ops/ops-auth.guard';
import { CodecController } from './codec.controller';

@Module({ controllers: [CodecController], providers: [OpsAuthGuard] })
export class CodecModule {}
