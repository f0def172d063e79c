import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import {
  type HealthCheckAttempt,
  type HealthCheckResult,
  HealthCheckService,
  type HealthIndicatorResult,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { Connection as TemporalConnection } from '@temporalio/client';
import { Redis } from 'ioredis';
import { Connection as MongoConnection } from 'mongoose';

export interface Readiness {
  status: 'ready' | 'not_ready';
  /**
   * Each dependency's status and responseTime (ms). A down one's message says only the kind
   * of trouble, never the driver's own words (they name hosts and internals).
   */
  checks: HealthIndicatorResult;
}

const CHECK_TIMEOUT_MS = 2000;

const logger = new Logger('health');

@Injectable()
export class HealthService {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @InjectConnection() private readonly mongo: MongoConnection,
    @Inject(Redis) private readonly redis: Redis,
    @Inject(TemporalConnection) private readonly temporal: TemporalConnection,
  ) {}

  async readiness(): Promise<Readiness> {
    const result = await this.health
      .check([
        this.probe('mongodb', async () => {
          const db = this.mongo.db;
          if (!db) throw new Error('not connected');
          await db.admin().ping();
        }),
        this.probe('redis', () => this.redis.ping()),
        this.probe('temporal', () => this.temporal.workflowService.getSystemInfo({})),
      ])
      .catch((error: unknown) => {
        // Terminus throws its result when a check is down (or the app shuts down).
        if (error instanceof ServiceUnavailableException) {
          return error.getResponse() as HealthCheckResult;
        }
        throw error;
      });
    return { status: result.status === 'ok' ? 'ready' : 'not_ready', checks: result.details };
  }

  /** Down as `unreachable` when the ping fails, or as terminus's timeout when it hangs. */
  private probe<Key extends string>(
    key: Key,
    ping: () => Promise<unknown>,
  ): HealthCheckAttempt<Key> {
    return this.indicators
      .check(key)
      .attempt(async () => {
        try {
          await ping();
        } catch (error) {
          logger.warn(`${key}: ${error instanceof Error ? error.message : String(error)}`);
          // Terminus answers with the message: the kind of trouble, not the driver's words.
          throw new Error('unreachable', { cause: error });
        }
      })
      .withTimeout(CHECK_TIMEOUT_MS);
  }
}
