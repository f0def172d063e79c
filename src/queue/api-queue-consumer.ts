import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Job, Worker } from 'bullmq';
import { setTimeout as delay } from 'node:timers/promises';
import type { AppConfig } from '../config/config.schema';
import { startWorker } from './queue.module';

/**
 * A queue consumed inside the API process, for work that needs the API's Temporal client
 * (starting a workflow, an admin update), which the queue worker process deliberately lacks.
 * Subclasses parse and handle one job's data.
 */
export abstract class ApiQueueConsumer<T> implements OnApplicationBootstrap, OnModuleDestroy {
  private worker?: Worker<T>;

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
  }

  /**
   * Stops taking jobs and lets the running ones finish, unless Redis is gone: then nothing
   * can finish, and waiting would hang the shutdown. A job cut short is retried once its lock
   * expires (every job here is idempotent).
   */
  async onModuleDestroy(): Promise<void> {
    if (!this.worker) return;
    // The client only resolves once connected: no answer within a second means Redis is gone.
    const client = await Promise.race([
      this.worker.getBackend().client,
      delay(1000, undefined, { ref: false }),
    ]);
    await this.worker.close(client?.status !== 'ready');
  }
}
