import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';

/** A delivery attempt's end: HR answered 2xx, did not (or not at all), or there is nowhere to send. */
export type DeliveryCount = 'delivered' | 'failed' | 'not_deliverable';

const KEY = 'metrics:hr-event-deliveries';
const SEPARATOR = '\n';
/** Counts are added up here and written this often: one Redis call per interval, not per event. */
const FLUSH_MS = 5000;

/**
 * Delivery attempts of HR events, by HR client and outcome. The queue worker delivers them but
 * serves no /metrics, and its replicas must add up, so the counts live in one Redis hash (under
 * the deployment's key prefix) and the API reports them when Prometheus scrapes it.
 */
@Injectable()
export class HrEventDeliveries implements OnModuleDestroy {
  private readonly logger = new Logger(HrEventDeliveries.name);
  private readonly unwritten = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly redis: Redis) {}

  /** Never fails or delays the delivery it counts: a lost count beats a repeated callback. */
  count(client: string, outcome: DeliveryCount): void {
    const field = `${client}${SEPARATOR}${outcome}`;
    this.unwritten.set(field, (this.unwritten.get(field) ?? 0) + 1);
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS).unref();
  }

  async read(): Promise<{ client: string; outcome: string; count: number }[]> {
    const fields = await this.redis.hgetall(KEY);
    return Object.entries(fields).map(([field, value]) => {
      const [client = '', outcome = ''] = field.split(SEPARATOR);
      return { client, outcome, count: Number(value) };
    });
  }

  /** What is counted but not yet written goes out before the process ends. */
  async onModuleDestroy(): Promise<void> {
    await this.flush();
  }

  private async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.unwritten.size === 0) return;
    const batch = [...this.unwritten];
    this.unwritten.clear();
    try {
      const multi = this.redis.multi();
      for (const [field, n] of batch) multi.hincrby(KEY, field, n);
      await multi.exec();
    } catch (error) {
      this.logger.warn(`not counted: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
