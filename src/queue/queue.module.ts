import {
  Global,
  Inject,
  Logger,
  Module,
  OnApplicationShutdown,
  OnModuleDestroy,
} from '@nestjs/common';
import { type Job, type Processor, Queue, Worker, type WorkerOptions } from 'bullmq';
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
    prefix: config.redis.prefix,
  };
}

interface Retry {
  attempts: number;
  backoffMs: number;
}

/**
 * A provider that owns one queue whose jobs retry with exponential backoff, and closes it with
 * its module. Failed jobs stay for ops to see and retry; done ones for a week. Connection
 * trouble is logged, not thrown (the client retries).
 */
export abstract class RetryingQueue<T> implements OnModuleDestroy {
  readonly queue: Queue<T>;

  protected constructor(name: string, config: AppConfig, retry: Retry) {
    this.queue = new Queue<T>(name, {
      ...queueOptions(config),
      defaultJobOptions: {
        attempts: retry.attempts,
        backoff: { type: 'exponential', delay: retry.backoffMs },
        removeOnComplete: { age: 7 * 24 * 3600 },
        removeOnFail: false,
      },
    });
    const logger = new Logger(`queue ${name}`);
    this.queue.on('error', (error) => logger.warn(error.message));
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
  }
}

/** A job whose worker died is handed to another worker after about this long. */
const STALL_MS = 10_000;

/**
 * A worker on queue `name`, `concurrency` jobs at a time (more `options`, such as a rate
 * limit, as given), whose failures are logged (see logFailures).
 */
export function startWorker<T>(
  name: string,
  config: AppConfig,
  processor: Processor<T>,
  options: Partial<WorkerOptions> & { concurrency: number; logger: Logger },
  onFinal?: (job: Job<T>) => void,
): Worker<T> {
  const { logger, ...rest } = options;
  const worker = new Worker<T>(name, processor, {
    ...queueOptions(config),
    lockDuration: STALL_MS,
    stalledInterval: STALL_MS,
    ...rest,
  });
  logFailures(worker, logger, onFinal);
  return worker;
}

/**
 * Logs a worker's failed attempts as warnings and a job that ran out of retries (it stays
 * failed, for ops) as an error, then tells `onFinal`; connection trouble is a warning.
 */
function logFailures<T>(worker: Worker<T>, logger: Logger, onFinal?: (job: Job<T>) => void): void {
  worker.on('failed', (job, error) => {
    const line = `${worker.name} job ${job?.id} attempt ${job?.attemptsMade}: ${error.message}`;
    if (job === undefined || job.attemptsMade < (job.opts.attempts ?? 1)) {
      return logger.warn(line);
    }
    logger.error(`${line} (no retries left; kept as failed)`);
    onFinal?.(job);
  });
  worker.on('error', (error) => logger.warn(`${worker.name}: ${error.message}`));
}

@Global()
@Module({
  providers: [
    {
      provide: Redis,
      inject: [APP_CONFIG],
      // The service's own keys (sessions, counters, claims) under the deployment's prefix, and
      // a command unanswered in time fails the request instead of holding it.
      useFactory: (config: AppConfig) =>
        new Redis(config.redis.url, {
          maxRetriesPerRequest: 1,
          commandTimeout: config.dependencyTimeoutMs,
          // A command that timed out was answered (with an error); sent again after a
          // reconnect it would act a second time (a claim nobody holds, a counted try).
          autoResendUnfulfilledCommands: false,
          keyPrefix: `${config.redis.prefix}:`,
        }),
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
