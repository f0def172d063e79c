import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { OnboardingPolicy } from '../../workflows/onboarding.types';
import { hireCalendar, plannedInviteAt } from '../../workflows/schedule';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig, HrClientConfig } from '../config/config.schema';
import { ProblemException } from '../http/problem';
import type { CreateOnboardingBody } from './onboarding.dto';
import { OnboardingRepository, OpenOnboardingExistsError } from './onboarding.repository';
import type { OnboardingRecord } from './onboarding.schema';
import {
  OnboardingGateway,
  RunOfAnotherOnboardingError,
  type RunStart,
} from './onboarding.gateway';
import { applyOverrides, policyConflict } from './policy';

/** How long an intake waits for the run of the hire's earlier onboarding to end. */
const EARLIER_RUN_WAIT_MS = 3000;

/** Stored, but not started yet: HR's retry, the bulk's queue or the sweep starts it. */
function earlierOnboardingEnding(): ProblemException {
  return new ProblemException(
    HttpStatus.SERVICE_UNAVAILABLE,
    'earlier-onboarding-ending',
    "The hire's earlier onboarding is still ending; this one is stored: retry after the Retry-After seconds",
  );
}

/** Which request brought a hire in: a bulk's hires are marked, so their mail waits behind others'. */
export type IntakeSource = { bulk: false } | { bulk: true; webhookId: string };

/** The onboarding a hire has now, and whether this intake created it. */
export interface TakenIn {
  record: OnboardingRecord;
  created: boolean;
}

/**
 * The one way a hire becomes an onboarding, for every route (webhook, bulk, SCIM, adapters):
 * the record first (the unique open key makes a second open one for the hire impossible),
 * then its workflow.
 */
@Injectable()
export class OnboardingIntake {
  constructor(
    private readonly onboardings: OnboardingRepository,
    private readonly gateway: OnboardingGateway,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async createOrFindOpen(
    client: HrClientConfig,
    body: CreateOnboardingBody,
    source: IntakeSource = { bulk: false },
  ): Promise<TakenIn> {
    const policy = this.policyFor(client, body);
    const id = `onb_${randomBytes(12).toString('base64url')}`;
    const now = new Date();
    const calendar = hireCalendar(id, body.timeZone ?? this.config.brand.timeZone, policy);
    const inviteAt = plannedInviteAt(
      body.startDate,
      policy.inviteLeadTimeMs,
      calendar,
      now.getTime(),
    );
    try {
      const record = await this.onboardings.create(
        {
          _id: id,
          clientId: client.id,
          employeeId: body.employeeId,
          workflowId: `onboarding/${client.id}/${body.employeeId}`,
          email: body.email,
          firstName: body.firstName,
          lastName: body.lastName,
          locale: body.locale,
          startDate: body.startDate,
          timeZone: body.timeZone,
          manager: body.manager,
          population: body.population,
          metadata: body.metadata,
          policy,
          ...(inviteAt === undefined ? {} : { status: 'scheduled', inviteAt: new Date(inviteAt) }),
          ...(source.bulk ? { intake: 'bulk', bulkWebhookId: source.webhookId } : {}),
        },
        now,
      );
      return { record, created: true };
    } catch (error) {
      if (!(error instanceof OpenOnboardingExistsError)) throw error;
      const open = await this.onboardings.findOpen(client.id, body.employeeId);
      if (!open) throw error; // closed in between: the HR client's retry will create it
      return { record: open, created: false };
    }
  }

  async ensureWorkflow(record: OnboardingRecord): Promise<void> {
    // The run's first activity records its id on the onboarding (with the first code).
    if (record.workflowRunId) return;
    const input = this.runInput(record);
    try {
      await this.gateway.start(input);
    } catch (error) {
      if (!(error instanceof RunOfAnotherOnboardingError)) throw error;
      // The run of the hire's earlier onboarding, normally in its last moment: it closed its
      // record, so this one could be stored, and ends a task later.
      if (!(await this.gateway.waitForEnd(error.run, EARLIER_RUN_WAIT_MS))) {
        throw earlierOnboardingEnding();
      }
      await this.gateway.start(input).catch((again: unknown) => {
        throw again instanceof RunOfAnotherOnboardingError ? earlierOnboardingEnding() : again;
      });
    }
  }

  /** What a run of the record's workflow starts from. */
  runInput(record: OnboardingRecord): RunStart {
    return {
      workflowId: record.workflowId,
      onboardingId: record._id,
      clientId: record.clientId,
      policy: record.policy ?? this.config.policy,
      dates: {
        timeZone: record.timeZone ?? this.config.brand.timeZone,
        ...(record.startDate ? { startDate: record.startDate } : {}),
      },
      population: record.population,
      inviteAt: record.status === 'scheduled' ? record.inviteAt : undefined,
    };
  }

  /**
   * The deployment's defaults, then the client's own policy, then its named policy for the
   * hire's population, then the hire's own overrides.
   */
  private policyFor(client: HrClientConfig, body: CreateOnboardingBody): OnboardingPolicy {
    const named = body.population === undefined ? undefined : client.policies?.[body.population];
    if (body.population !== undefined && !named) {
      const detail = `population "${body.population}" is not among: ${Object.keys(client.policies ?? {}).join(', ') || '(none)'}`;
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        'unknown-population',
        'No policy of this HR client has that population',
        detail,
        // Named like a validation error, so a bulk reports it as the item's field.
        { errors: [{ field: 'population', message: detail }] },
      );
    }
    const policy = applyOverrides(this.config.policy, client.policy, named, body.policy);
    // The layers below the hire's own were checked at start-up; this is the hire's override.
    const conflict = policyConflict(policy);
    if (conflict) {
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        'policy-conflict',
        "The hire's policy cannot be kept",
        conflict,
        { errors: [{ field: 'policy', message: conflict }] },
      );
    }
    return policy;
  }
}
