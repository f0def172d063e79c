import { Injectable, Logger } from '@nestjs/common';
import type {
  CredentialsInput,
  IssueCodeInput,
  OnboardingStatus,
  StepTransition,
  TransitionRecord,
} from '../../workflows/onboarding.types';
import { AccountRepository } from '../accounts/account.repository';
import type { OnboardingEventType } from '../events/event.schema';
import { EventsService } from '../events/events.service';
import { MailQueue } from '../mail/mail.queue';
import { hireMail, scheduledLane } from './hire-mail';
import { Metrics } from '../metrics/metrics';
import { generateLoginCode } from '../security/login-code';
import { SecretsService } from '../security/secrets.service';
import {
  OnboardingRepository,
  type StoredCode,
  type TransitionFacts,
} from './onboarding.repository';
import type { OnboardingRecord, TransitionEntry } from './onboarding.schema';

const EVENT_FOR_STATUS: Record<OnboardingStatus, OnboardingEventType> = {
  scheduled: 'onboarding.scheduled',
  invited: 'onboarding.invited',
  code_redeemed: 'onboarding.code_redeemed',
  credentials_set: 'onboarding.credentials_set',
  active: 'onboarding.activated',
  expired: 'onboarding.expired',
  cancelled: 'onboarding.cancelled',
};

/**
 * Whether the login code dies with this transition: once credentials are set (after a 2FA
 * reset, once 2FA is active again), and when the onboarding expires or is cancelled.
 */
function endsCode(t: TransitionRecord): boolean {
  switch (t.to) {
    case 'credentials_set':
      return !t.reenrolment;
    case 'active':
      return t.reenrolment === true;
    case 'expired':
    case 'cancelled':
      return true;
    case 'scheduled':
    case 'invited':
    case 'code_redeemed':
      return false;
  }
}

function entryOf(t: TransitionRecord): TransitionEntry {
  return { seq: t.seq, from: t.from, to: t.to, at: new Date(t.at), by: t.by };
}

/** What the transition teaches the record about its run. */
function runFactsOf(t: TransitionRecord): Pick<TransitionFacts, 'workflowRunId' | 'inviteAt'> {
  return {
    workflowRunId: t.runId,
    inviteAt: t.inviteAt === undefined ? undefined : new Date(t.inviteAt),
  };
}

function factsOf(t: TransitionRecord): TransitionFacts {
  return { ...runFactsOf(t), killCode: endsCode(t) };
}

/**
 * What the workflow's activities do, one method each. Every write is idempotent (conditional
 * updates, deterministic event and mail job ids), because Temporal retries activities.
 */
@Injectable()
export class OnboardingLifecycle {
  private readonly logger = new Logger(OnboardingLifecycle.name);

  constructor(
    private readonly onboardings: OnboardingRepository,
    private readonly accounts: AccountRepository,
    private readonly events: EventsService,
    private readonly mail: MailQueue,
    private readonly secrets: SecretsService,
    private readonly metrics: Metrics,
  ) {}

  async issueCode(input: IssueCodeInput): Promise<void> {
    const { onboardingId, codeVersion, transition: t } = input;
    const plain = generateLoginCode();
    const code: StoredCode = {
      codeHash: this.secrets.hash(plain),
      codeSealed: this.secrets.sealCode(onboardingId, plain),
      ...(input.runId ? { workflowRunId: input.runId } : {}),
    };
    // A first try stores the code and its transition in one write; a retry finishes each apart.
    const before =
      t && !endsCode(t)
        ? await this.onboardings.storeCodeWithTransition(
            onboardingId,
            codeVersion,
            code,
            entryOf(t),
            new Date(t.deadline),
            runFactsOf(t),
          )
        : null;
    const record = before
      ? { ...before, ...code, codeVersion }
      : await this.onboardings.storeCode(onboardingId, codeVersion, code);
    // Otherwise a newer code replaced this one already (or ended it): nothing to send.
    if (record.codeVersion === codeVersion && record.codeSealed) {
      await this.mail.enqueue(
        `invite.${onboardingId}.${codeVersion}`,
        {
          ...hireMail(record, 'invite'),
          codeSealed: record.codeSealed,
          deadline: new Date(input.deadline).toISOString(),
        },
        // A later code is one person's (a resend, a new code asked for): not behind a bulk.
        codeVersion === 1 ? scheduledLane(record) : 'normal',
      );
    }
    if (!t) return;
    if (before) await this.afterTransition(t, before, record);
    else await this.transitionOf(t, record);
  }

  async recordTransition(t: TransitionRecord): Promise<void> {
    await this.transitionOf(t);
  }

  /**
   * Stores the transition and what it implies. `known`: the record as the calling activity
   * read it, so a retry that finds the transition stored needs no read of its own.
   */
  private async transitionOf(t: TransitionRecord, known?: OnboardingRecord): Promise<void> {
    const before = await this.onboardings.recordTransition(
      t.onboardingId,
      entryOf(t),
      new Date(t.deadline),
      factsOf(t),
    );
    const record = before ?? known ?? (await this.onboardings.getExisting(t.onboardingId));
    await this.afterTransition(t, before, record);
  }

  /** What a stored transition implies; `before` is null on a retry that found it stored. */
  private async afterTransition(
    t: TransitionRecord,
    before: OnboardingRecord | null,
    record: OnboardingRecord,
  ): Promise<void> {
    const at = new Date(t.at);
    if (before) this.measure(before, t, at);
    // Consequences run on every try: each is idempotent, and a retry may follow a partial one.
    switch (t.to) {
      case 'active':
        await this.accounts.activate(t.onboardingId);
        await this.mail.enqueue(`activated.${t.onboardingId}`, hireMail(record, 'activated'));
        break;
      case 'expired':
        await this.mail.enqueue(
          `expired.${t.onboardingId}.${t.seq}`,
          hireMail(record, 'expired'),
          scheduledLane(record),
        );
        break;
      case 'cancelled':
        await this.accounts.removeUnfinished(t.onboardingId);
        break;
      case 'scheduled':
      case 'invited':
      case 'code_redeemed':
      case 'credentials_set':
        break;
    }
    await this.events.publish({
      _id: `${t.onboardingId}.t${t.seq}`,
      type: EVENT_FOR_STATUS[t.to],
      clientId: record.clientId,
      onboardingId: t.onboardingId,
      employeeId: record.employeeId,
      occurredAt: at,
      data: {
        from: t.from,
        to: t.to,
        deadline: new Date(t.deadline).toISOString(),
        ...(t.inviteAt === undefined ? {} : { inviteAt: new Date(t.inviteAt).toISOString() }),
      },
    });
  }

  /** Throws UsernameTakenError when another account has the username (in any case). */
  async saveCredentials(
    input: { onboardingId: string } & CredentialsInput & StepTransition,
  ): Promise<void> {
    const record = await this.onboardings.getExisting(input.onboardingId);
    await this.accounts.saveCredentials({
      _id: record._id,
      clientId: record.clientId,
      employeeId: record.employeeId,
      username: input.username,
      // HR's address: a correction by the employee waits for proof from the new address.
      email: record.email,
      firstName: record.firstName,
      lastName: record.lastName,
      locale: record.locale,
      passwordHash: this.secrets.openPasswordHash(record._id, input.passwordHashSealed),
    });
    if (input.transition) await this.transitionOf(input.transition, record);
  }

  async closeOnboarding(input: { onboardingId: string }): Promise<void> {
    await this.onboardings.close(input.onboardingId);
  }

  private measure(record: OnboardingRecord, t: TransitionRecord, at: Date): void {
    this.logger.log({
      msg: 'onboarding transition',
      onboardingId: record._id,
      clientId: record.clientId,
      from: t.from,
      to: t.to,
    });
    this.metrics.transitions.inc({ client: record.clientId, status: t.to });
    if (t.from && t.from !== 'active') {
      const seconds = (at.getTime() - record.stepSince.getTime()) / 1000;
      this.metrics.stepSeconds.observe({ status: t.from }, seconds);
    }
    if (t.to === 'active') {
      this.metrics.activationSeconds.observe((at.getTime() - record.createdAt.getTime()) / 1000);
    }
  }
}
