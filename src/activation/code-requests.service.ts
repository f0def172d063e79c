import { Inject, Injectable, Logger } from '@nestjs/common';
import { UNFINISHED } from '../../workflows/onboarding.rules';
import type { Actor, CodeRequestOutcome } from '../../workflows/onboarding.types';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { addressBucket } from '../http/client-address';
import { Metrics } from '../metrics/metrics';
import { emailKeyOf, OnboardingRepository } from '../onboardings/onboarding.repository';
import type { OnboardingRecord } from '../onboardings/onboarding.schema';
import { OnboardingGateway } from '../onboardings/onboarding.gateway';
import { OnboardingRejectedError } from '../onboardings/onboarding-rejections';
import { RateLimiter } from '../security/rate-limiter';
import { SecretsService } from '../security/secrets.service';
import { SecurityEvents } from '../security/security-events';

const DAY_MS = 86_400_000;

/** How a request ended, as the metric counts it; the employee's page never says. */
type Outcome = CodeRequestOutcome | 'no_match' | 'limited' | 'refused';

/**
 * "No code, or it expired?": the employee types an address; each open onboarding sent there
 * gets a new code (to HR's address, never a typed one), an expired one asks HR to reissue.
 */
@Injectable()
export class CodeRequests {
  private readonly logger = new Logger(CodeRequests.name);

  constructor(
    private readonly onboardings: OnboardingRepository,
    private readonly gateway: OnboardingGateway,
    private readonly limits: RateLimiter,
    private readonly secrets: SecretsService,
    private readonly events: SecurityEvents,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Runs after the page has answered, so neither the answer nor its timing tells whether the
   * address matched; a failure is logged, there is nobody left to tell.
   */
  start(email: string, clientAddress: string): void {
    this.request(email, clientAddress).catch((error: unknown) =>
      this.logger.error({ msg: 'code request failed', error: String(error) }),
    );
  }

  async request(email: string, clientAddress: string): Promise<void> {
    const { perDay, perAddressPerDay } = this.config.codeRequests;
    const key = emailKeyOf(email);
    const allowed =
      (await this.limits.allow(
        `code-requests:address:${addressBucket(clientAddress)}`,
        perAddressPerDay,
        DAY_MS,
      )) &&
      // Keyed hash: the typed address (perhaps someone else's) is not kept in Redis.
      (await this.limits.allow(`code-requests:email:${this.secrets.hash(key)}`, perDay, DAY_MS));
    if (!allowed) return this.limited();
    const matches = key ? await this.onboardings.findByEmail(key, UNFINISHED) : [];
    if (matches.length === 0) return this.count('no_match');
    for (const record of matches) await this.requestFor(record);
  }

  private async requestFor(record: OnboardingRecord): Promise<void> {
    const { perDay } = this.config.codeRequests;
    if (!(await this.limits.allow(`code-requests:onboarding:${record._id}`, perDay, DAY_MS))) {
      return this.limited(record._id);
    }
    const by: Actor = {
      clientId: 'employee',
      actor: record.employeeId,
      reason: 'asked for a new login code',
    };
    try {
      const state = await this.gateway.requestCode(record, by);
      this.events.record('code_requested', { onboardingId: record._id, outcome: 'done' });
      this.count(state.status === 'expired' ? 'hr_asked' : 'new_code');
    } catch (error) {
      // Credentials set (the password is the way in now), or the run has ended.
      if (!(error instanceof OnboardingRejectedError)) throw error;
      this.count('refused');
    }
  }

  private limited(onboardingId?: string): void {
    this.events.record('code_request_limit', { onboardingId, outcome: 'refused' });
    this.count('limited');
  }

  private count(outcome: Outcome): void {
    this.metrics.codeRequests.inc({ outcome });
  }
}
