import { Inject, Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Connection as TemporalConnection } from '@temporalio/client';
import { Redis } from 'ioredis';
import { Connection as MongoConnection } from 'mongoose';

export interface DependencyCheck {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
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
      check(async () => {
        const db = this.mongo.db;
        if (!db) throw new Error('not connected');
        await db.admin().ping();
      }),
      check(async () => {
        await this.redis.ping();
      }),
      check(async () => {
        await this.temporal.workflowService.getSystemInfo({});
      }),
    ]);
    const checks = { mongodb, redis, temporal };
    const ready = Object.values(checks).every((c) => c.status === 'up');
    return { status: ready ? 'ready' : 'not_ready', checks };
  }
}

async function check(probe: () => Promise<void>): Promise<DependencyCheck> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      status: 'down',
      latencyMs: Math.round(performance.now() - started),
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}
