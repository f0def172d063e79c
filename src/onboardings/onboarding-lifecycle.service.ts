import { Injectable, Logger } from '@nestjs/common';
import type {
  AdminActionRecord,
  CodeRequestRecord,
  CredentialsInput,
  IssueCodeInput,
  OnboardingStatus,
  ReenrolmentInput,
  StepTransition,
  TransitionRecord,
} from '../../workflows/onboarding.types';
import { AccountRepository } from '../accounts/account.repository';
import { PasskeyRepository } from '../accounts/passkey.repository';
import type { OnboardingEventType } from '../events/event.schema';
import { EventsService } from '../events/events.service';
import { MailQueue } from '../mail/mail.queue';
import { hireMail, scheduledLane } from './hire-mail';
import { Metrics } from '../metrics/metrics';
import { generateLoginCode } from '../security/login-code';
import { SecretsService } from '../security/secrets.service';
import { SecurityEvents } from '../security/security-events';
import { SessionStore } from '../sessions/session.store';
import { OnboardingRepository, OpenOnboardingExistsError } from './onboarding.repository';
import type { OnboardingRecord } from './onboarding.schema';

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
    private readonly passkeys: PasskeyRepository,
    private readonly events: EventsService,
    private readonly mail: MailQueue,
    private readonly secrets: SecretsService,
    private readonly metrics: Metrics,
    private readonly sessions: SessionStore,
    private readonly securityLog: SecurityEvents,
  ) {}

  async issueCode(input: IssueCodeInput): Promise<void> {
    const { onboardingId, codeVersion } = input;
    const code = generateLoginCode();
    const record = await this.onboardings.storeCode(onboardingId, codeVersion, {
      codeHash: this.secrets.hash(code),
      codeSealed: this.secrets.sealCode(onboardingId, code),
      ...(input.runId ? { workflowRunId: input.runId } : {}),
    });
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
    if (input.transition) await this.transitionOf(input.transition, record);
  }

  async recordTransition(t: TransitionRecord): Promise<void> {
    await this.transitionOf(t);
  }

  /**
   * Stores the transition and what it implies. `known`: the record as the calling activity
   * read it, so a retry that finds the transition stored needs no read of its own.
   */
  private async transitionOf(t: TransitionRecord, known?: OnboardingRecord): Promise<void> {
    const at = new Date(t.at);
    const before = await this.onboardings.recordTransition(
      t.onboardingId,
      { seq: t.seq, from: t.from, to: t.to, at, by: t.by },
      new Date(t.deadline),
      {
        workflowRunId: t.runId,
        inviteAt: t.inviteAt === undefined ? undefined : new Date(t.inviteAt),
        killCode: endsCode(t),
      },
    );
    if (before) this.measure(before, t, at);
    const record = before ?? known ?? (await this.onboardings.getExisting(t.onboardingId));
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

  /** `key` makes it once-only: by default the action and its time. */
  async recordAdminAction(
    input: AdminActionRecord,
    key = `${input.action}:${input.at}`,
  ): Promise<void> {
    const { onboardingId, action, by, contact } = input;
    const record = await this.onboardings.getExisting(onboardingId);
    const deadline = new Date(input.deadline);
    const before: Record<string, string | null> = {
      status: record.status,
      deadline: record.deadline?.toISOString() ?? null,
    };
    const after: Record<string, string | null> = { ...before, deadline: deadline.toISOString() };
    if (contact?.email !== undefined) {
      before.email = record.email;
      after.email = contact.email;
    }
    if (contact?.startDate !== undefined) {
      before.startDate = record.startDate ?? null;
      after.startDate = contact.startDate;
    }
    if (contact?.timeZone !== undefined) {
      before.timeZone = record.timeZone ?? null;
      after.timeZone = contact.timeZone;
    }
    const inviteAt = input.inviteAt === undefined ? undefined : new Date(input.inviteAt);
    if (inviteAt && record.status === 'scheduled') {
      before.inviteAt = record.inviteAt?.toISOString() ?? null;
      after.inviteAt = inviteAt.toISOString();
    }
    await this.onboardings.recordAudit(
      onboardingId,
      key,
      { action, at: new Date(input.at), by, before, after },
      {
        deadline,
        email: contact?.email,
        startDate: contact?.startDate,
        timeZone: contact?.timeZone,
        inviteAt,
      },
    );
  }

  async beginReenrolment(input: ReenrolmentInput): Promise<void> {
    const { onboardingId: id, by, at } = input;
    const record = await this.onboardings.getExisting(id);
    // Whoever is signed in now (perhaps whoever made the helpdesk call) is signed out first.
    await this.sessions.revokeAccount(id);
    await this.accounts.resetTwoFactor(id);
    // A lost phone takes its passkeys along: every second factor goes.
    await this.passkeys.removeAll(id);
    await this.onboardings.recordAudit(
      id,
      `reset_2fa:${at}`,
      {
        action: 'reset_2fa',
        at: new Date(at),
        by,
        before: { status: 'active' },
        after: { status: 'invited' },
      },
      { deadline: new Date(input.deadline) },
    );
    try {
      await this.onboardings.reopen(record);
    } catch (error) {
      // HR opened a new onboarding for the hire meanwhile: that one holds the slot.
      if (!(error instanceof OpenOnboardingExistsError)) throw error;
    }
    this.securityLog.record('two_factor_reset', { accountId: id, outcome: 'done' });
    await this.mail.enqueue(`notice.${id}.2fa.${at}`, {
      template: 'security_notice',
      onboardingId: id,
      to: record.email,
      locale: record.locale,
      firstName: record.firstName,
      change: 'two_factor',
    });
  }

  /** On record as the employee's; HR hears of it, and after expiry is asked to reissue. */
  async codeRequested(input: CodeRequestRecord): Promise<void> {
    const { onboardingId, outcome, by, at, seq, deadline } = input;
    const once = `${at}.${seq}`;
    await this.recordAdminAction(
      { onboardingId, action: 'code_requested', by, at, deadline },
      `code_requested:${once}`,
    );
    const record = await this.onboardings.getExisting(onboardingId);
    const event = {
      clientId: record.clientId,
      onboardingId,
      employeeId: record.employeeId,
      occurredAt: new Date(at),
    };
    await this.events.publish({
      ...event,
      _id: `${onboardingId}.cr.${once}`,
      type: 'onboarding.code_requested',
      data: { outcome },
    });
    if (outcome === 'new_code') return;
    await this.events.publish({
      ...event,
      _id: `${onboardingId}.rr.${once}`,
      type: 'onboarding.reissue_requested',
      data: { expiredAt: record.stepSince.toISOString() },
    });
    await this.mail.enqueue(
      `reissue_requested.${onboardingId}.${once}`,
      hireMail(record, 'reissue_requested'),
    );
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
