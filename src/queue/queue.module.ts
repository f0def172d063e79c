import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/config.schema';

/** Options for BullMQ queues and workers: BullMQ opens its own connections from these. */
export function queueOptions(config: AppConfig): {
  connection: { url: string; maxRetriesPerRequest: null };
  prefix: string;
} {
  return {
    // BullMQ workers block on Redis; a per-request retry cap would make them throw, not wait.
    connection: { url: config.redis.url, maxRetriesPerRequest: null },
    prefix: config.redis.queuePrefix,
  };
}

@Global()
@Module({
  providers: [
    {
      provide: Redis,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new Redis(config.redis.url, { maxRetriesPerRequest: 1 }),
    },
  ],
  exports: [Redis],
})
export class QueueModule implements OnApplicationShutdown {
  constructor(@Inject(Redis) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit();
  }
}
