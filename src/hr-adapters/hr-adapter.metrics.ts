import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { Metrics } from '../metrics/metrics';
import type { Vendor } from './adapters.schema';

/**
 * What became of a delivery (refused: not signed) and of each person it named (ended: their
 * onboarding is over, so a change does not start another).
 */
export type InboundOutcome =
  | 'unauthenticated'
  | 'queued'
  | 'taken_in'
  | 'changed'
  | 'unchanged'
  | 'ended'
  | 'refused'
  | 'failed';

/** The adapters' counter, on the API's registry beside the other onboarding_ metrics. */
@Injectable()
export class HrAdapterMetrics {
  private readonly outcomes: Counter<'vendor' | 'outcome'>;

  constructor(metrics: Metrics) {
    this.outcomes = new Counter({
      name: 'onboarding_hr_adapter_total',
      help: 'HR system webhooks and the people they named, by vendor and outcome (refused: an invalid or incomplete person; ended: already onboarded, not again; failed: no retries left)',
      labelNames: ['vendor', 'outcome'],
      registers: [metrics.registry],
    });
  }

  count(vendor: Vendor, outcome: InboundOutcome, n = 1): void {
    this.outcomes.inc({ vendor, outcome }, n);
  }
}
