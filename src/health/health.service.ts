import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Connection as TemporalConnection } from '@temporalio/client';
import { Redis } from 'ioredis';
import { Connection as MongoConnection } from 'mongoose';

export interface DependencyCheck {
  status: 'up' | 'down';
  latencyMs: number;
  /** What kind of trouble, never the driver's own words (they name hosts and internals). */
  error?: 'timeout' | 'unreachable';
}

export interface Readiness {
  status: 'ready' | 'not_ready';
  checks: { mongodb: DependencyCheck; redis: DependencyCheck; temporal: DependencyCheck };
}

const CHECK_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  constructor(
    @InjectConnection() private readonly mongo: MongoConnection,
    @Inject(Redis) private readonly redis: Redis,
    @Inject(TemporalConnection) private readonly temporal: TemporalConnection,
  ) {}

  async readiness(): Promise<Readiness> {
    const [mongodb, redis, temporal] = await Promise.all([
      check('mongodb', async () => {
        const db = this.mongo.db;
        if (!db) throw new Error('not connected');
        await db.admin().ping();
      }),
      check('redis', async () => {
        await this.redis.ping();
      }),
      check('temporal', async () => {
        await this.temporal.workflowService.getSystemInfo({});
      }),
    ]);
    const checks = { mongodb, redis, temporal };
    const ready = Object.values(checks).every((c) => c.status === 'up');
    return { status: ready ? 'ready' : 'not_ready', checks };
  }
}

class CheckTimeout extends Error {}

const logger = new Logger('health');

async function check(name: string, probe: () => Promise<void>): Promise<DependencyCheck> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new CheckTimeout(`no answer in ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    const timedOut = error instanceof CheckTimeout;
    logger.warn(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    return {
      status: 'down',
      latencyMs: Math.round(performance.now() - started),
      error: timedOut ? 'timeout' : 'unreachable',
    };
  } finally {
    clearTimeout(timer);
  }
}
