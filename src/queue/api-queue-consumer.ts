import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Job, Worker } from 'bullmq';
import type { AppConfig } from '../config/config.schema';
import { startWorker } from './queue.module';

/**
 * A queue consumed inside the API process, for work that needs the API's Temporal client
 * (starting a workflow, an admin update), which the queue worker process deliberately lacks.
 * Subclasses parse and handle one job's data.
 */
export abstract class ApiQueueConsumer<T> implements OnApplicationBootstrap, OnModuleDestroy {
  private worker?: Worker<T>;
  /** Redis answers: set by the connection's own ready and close events. */
  private redisReady = false;

  protected constructor(
    private readonly queueName: string,
    private readonly workerConfig: AppConfig,
    private readonly concurrency: number,
  ) {}

  /** Handles one job's data (as read from Redis: parse it first). */
  protected abstract handle(data: unknown): Promise<unknown>;

  /** Whether this process consumes the queue at all. */
  protected wanted(): boolean {
    return true;
  }

  /** A job ran out of retries (it stays failed, for ops). */
  protected failedForGood(_job: Job<T>): void {}

  onApplicationBootstrap(): void {
    if (!this.wanted()) return;
    this.worker = startWorker<T>(
      this.queueName,
      this.workerConfig,
      (job) => this.handle(job.data),
      { concurrency: this.concurrency, logger: new Logger(this.queueName) },
      (job) => this.failedForGood(job),
    );
    // Attached before the connection's first event: construction only starts connecting.
    const backend = this.worker.getBackend();
    backend.on('ready', () => (this.redisReady = true));
    backend.on('close', () => (this.redisReady = false));
  }

  /**
   * Stops taking jobs and lets the running ones finish, unless Redis is gone: then nothing
   * can finish, and waiting would hang the shutdown. A job cut short is retried once its lock
   * expires (every job here is idempotent).
   */
  async onModuleDestroy(): Promise<void> {
    await this.worker?.close(!this.redisReady);
  }
}
