import { Injectable, Logger } from '@nestjs/common';
import { Redis } from 'ioredis';

/** A delivery attempt's end: HR answered 2xx, did not (or not at all), or there is nowhere to send. */
export type DeliveryCount = 'delivered' | 'failed' | 'not_deliverable';

const KEY = 'metrics:hr-event-deliveries';
const SEPARATOR = '\n';

/**
 * Delivery attempts of HR events, by HR client and outcome. The queue worker delivers them but
 * serves no /metrics, and its replicas must add up, so the counts live in one Redis hash (under
 * the deployment's key prefix) and the API reports them when Prometheus scrapes it.
 */
@Injectable()
export class HrEventDeliveries {
  private readonly logger = new Logger(HrEventDeliveries.name);

  constructor(private readonly redis: Redis) {}

  /** Never fails the delivery it counts: a lost count is better than a repeated callback. */
  async count(client: string, outcome: DeliveryCount): Promise<void> {
    try {
      await this.redis.hincrby(KEY, `${client}${SEPARATOR}${outcome}`, 1);
    } catch (error) {
      this.logger.warn(`not counted: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async read(): Promise<{ client: string; outcome: string; count: number }[]> {
    const fields = await this.redis.hgetall(KEY);
    return Object.entries(fields).map(([field, value]) => {
      const [client = '', outcome = ''] = field.split(SEPARATOR);
      return { client, outcome, count: Number(value) };
    });
  }
}
