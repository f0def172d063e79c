import { Module } from '@nestjs/common';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { MetricsCoreModule } from './metrics/metrics';
import { QueueModule } from './queue/queue.module';
import { SecurityModule } from './security/security.module';

/** Connections and keys every process needs: the API and the workers alike. */
@Module({
  imports: [ConfigModule, DatabaseModule, QueueModule, SecurityModule, MetricsCoreModule],
})
export class CoreModule {}
