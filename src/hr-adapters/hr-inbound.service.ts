import { HttpException, HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig, HrClientConfig } from '../config/config.schema';
import { ProblemException } from '../http/problem';
import type { CreateOnboardingBody } from '../onboardings/onboarding.dto';
import { isOpen, OnboardingRepository } from '../onboardings/onboarding.repository';
import type { OnboardingRecord } from '../onboardings/onboarding.schema';
import { hrCaller, OnboardingsService } from '../onboardings/onboardings.service';
import { adapterFor, settingsFor } from './adapters';
import { HrAdapterMetrics, type InboundOutcome } from './hr-adapter.metrics';
import type { HrAdapter, InboundRequest } from './hr-adapter';
import { type HrInboundJob, HrInboundQueue } from './hr-inbound.queue';

export interface InboundDelivery extends InboundRequest {
  body: unknown;
}

/**
 * The vendors' webhooks, in two halves. The route only authenticates and queues (the vendors
 * want an answer within seconds); a queue job then reads the person from the vendor's API and
 * takes them in: a person not yet open becomes an onboarding, a later change of e-mail or
 * start date becomes HR's change-contact action on the open one.
 */
@Injectable()
export class HrInboundService {
  private readonly logger = new Logger(HrInboundService.name);

  constructor(
    private readonly queue: HrInboundQueue,
    private readonly onboardings: OnboardingsService,
    private readonly records: OnboardingRepository,
    private readonly metrics: HrAdapterMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async receive(adapter: HrAdapter, delivery: InboundDelivery): Promise<{ queued: number }> {
    const client = this.authenticate(adapter, delivery);
    const changes = adapter.changes(delivery.body);
    // Same bytes, same receipts: a redelivered webhook queues nothing new.
    const digest = createHash('sha256').update(delivery.rawBody).digest('hex').slice(0, 32);
    for (const { employeeId, change } of changes) {
      const receipt = `${adapter.vendor}.${digest}.${employeeId}`;
      await this.queue.enqueue({
        vendor: adapter.vendor,
        clientId: client.id,
        employeeId,
        change,
        receipt,
      });
    }
    this.metrics.count(adapter.vendor, 'queued', changes.length);
    this.logger.log({
      msg: 'hr webhook queued',
      vendor: adapter.vendor,
      clientId: client.id,
      people: changes.length,
    });
    return { queued: changes.length };
  }

  /** One queued person. Throws when the vendor's API fails, so the queue tries again later. */
  async process(job: HrInboundJob): Promise<InboundOutcome> {
    const adapter = adapterFor(job.vendor);
    const client = this.config.hrClients.find((c) => c.id === job.clientId);
    const settings = client && settingsFor(adapter, client);
    if (!client || !settings) return this.refuse(job, 'the client no longer uses this adapter');
    const mapped = adapter.map(await adapter.fetch(job.employeeId, settings), settings);
    if (!mapped.ok) return this.refuse(job, mapped.reason);
    if (mapped.body.employeeId !== job.employeeId) {
      return this.refuse(job, `the API answered with employee ${mapped.body.employeeId}`);
    }
    try {
      return this.done(job, await this.takeIn(client, job, mapped.body));
    } catch (error) {
      // Refused by our own rules (a closed onboarding, say): trying again cannot help.
      if (error instanceof HttpException && error.getStatus() < 500) {
        return this.refuse(job, error.message);
      }
      throw error;
    }
  }

  private async takeIn(
    client: HrClientConfig,
    job: HrInboundJob,
    body: CreateOnboardingBody,
  ): Promise<InboundOutcome> {
    // The newest onboarding is the open one, if any is open (one at a time per employee).
    const latest = await this.records.findLatest(client.id, body.employeeId);
    const open = latest && isOpen(latest) ? latest : null;
    // Vendors report every change of a person for years, and HiBob's `employee.joined` comes
    // on the start date: none of that may onboard someone again. Only a vendor's create after
    // an onboarding that did not finish (cancelled, expired) is a new one, a re-hire.
    if (latest && !open && (job.change === 'updated' || latest.status === 'active')) {
      return 'ended';
    }
    // Intake is idempotent: a create for someone open, or two deliveries at once, is one onboarding.
    if (!open || job.change === 'created') {
      await this.onboardings.intake(client, job.receipt, body);
      return open ? 'unchanged' : 'taken_in';
    }
    const change = contactChange(open, body);
    if (!change) return 'unchanged';
    const what = [change.email && 'e-mail address', change.startDate && 'start date'];
    await this.onboardings.changeContact(hrCaller(client), open._id, {
      actor: `${job.vendor} webhook`,
      reason: `${job.vendor} reported a new ${what.filter(Boolean).join(' and ')}`,
      ...change,
    });
    return 'changed';
  }

  private authenticate(adapter: HrAdapter, delivery: InboundDelivery): HrClientConfig {
    const now = Date.now();
    // Which client a delivery belongs to follows from whose secret verifies it.
    const client = this.config.hrClients.find((c) => {
      const settings = settingsFor(adapter, c);
      return settings !== undefined && adapter.verify(delivery, settings, now);
    });
    if (client) return client;
    this.metrics.count(adapter.vendor, 'unauthenticated');
    throw new ProblemException(
      HttpStatus.UNAUTHORIZED,
      'hr-adapter-unauthenticated',
      `The request is not signed by a known ${adapter.vendor} webhook`,
    );
  }

  private refuse(job: HrInboundJob, reason: string): InboundOutcome {
    this.logger.warn({
      msg: 'hr person refused',
      vendor: job.vendor,
      clientId: job.clientId,
      employeeId: job.employeeId,
      reason,
    });
    return this.done(job, 'refused');
  }

  private done(job: HrInboundJob, outcome: InboundOutcome): InboundOutcome {
    this.metrics.count(job.vendor, outcome);
    return outcome;
  }
}

/** The e-mail and start date that differ from the open onboarding's, if any. */
function contactChange(
  open: OnboardingRecord,
  body: CreateOnboardingBody,
): { email?: string; startDate?: string } | undefined {
  const email = body.email.toLowerCase() !== open.email.toLowerCase() ? body.email : undefined;
  const startDate =
    body.startDate && body.startDate !== open.startDate ? body.startDate : undefined;
  if (!email && !startDate) return undefined;
  return { ...(email ? { email } : {}), ...(startDate ? { startDate } : {}) };
}
