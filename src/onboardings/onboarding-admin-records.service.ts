import { Injectable } from '@nestjs/common';
import type {
  AdminActionRecord,
  CodeRequestRecord,
  ReenrolmentInput,
} from '../../workflows/onboarding.types';
import { AccountRepository } from '../accounts/account.repository';
import { PasskeyRepository } from '../accounts/passkey.repository';
import { EventsService } from '../events/events.service';
import { MailQueue } from '../mail/mail.queue';
import { SecurityEvents } from '../security/security-events';
import { SessionStore } from '../sessions/session.store';
import { hireMail } from './hire-mail';
import { OnboardingRepository, OpenOnboardingExistsError } from './onboarding.repository';
import type { OnboardingRecord } from './onboarding.schema';

/**
 * The activities for what HR, ops and the helpdesk do to an onboarding (and the employee's
 * request for a new code): each on the record's audit trail, once, whatever the retries.
 */
@Injectable()
export class OnboardingAdminRecords {
  constructor(
    private readonly onboardings: OnboardingRepository,
    private readonly accounts: AccountRepository,
    private readonly passkeys: PasskeyRepository,
    private readonly events: EventsService,
    private readonly mail: MailQueue,
    private readonly sessions: SessionStore,
    private readonly securityLog: SecurityEvents,
  ) {}

  /**
   * Stores the action on the record's audit trail, once: `key` is by default the action and
   * its time. Returns the record as it read it.
   */
  async recordAdminAction(
    input: AdminActionRecord,
    key = `${input.action}:${input.at}`,
  ): Promise<OnboardingRecord> {
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
    return record;
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
    const record = await this.recordAdminAction(
      { onboardingId, action: 'code_requested', by, at, deadline },
      `code_requested:${once}`,
    );
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
}
