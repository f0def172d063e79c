import { Injectable } from '@nestjs/common';
import type {
  EmployeeReminderKind,
  EscalationInput,
  ReminderInput,
} from '../../workflows/onboarding.types';
import { currentStep } from '../../workflows/onboarding.rules';
import { EventsService } from '../events/events.service';
import { MailQueue, type MailTemplate } from '../mail/mail.queue';
import { Metrics } from '../metrics/metrics';
import { hireMail, scheduledLane } from './hire-mail';
import { OnboardingRepository } from './onboarding.repository';

const MAIL_FOR_REMINDER: Record<EmployeeReminderKind, MailTemplate> = {
  code_not_redeemed: 'reminder_code',
  finish_setup: 'reminder_finish',
  last_day: 'reminder_last_day',
  before_start: 'reminder_before_start',
};

/**
 * The activities that nudge a stalled onboarding on: the employee's reminders and the mail
 * to their manager. Idempotent like the lifecycle's: job and event ids come from the key.
 */
@Injectable()
export class OnboardingNudges {
  constructor(
    private readonly onboardings: OnboardingRepository,
    private readonly events: EventsService,
    private readonly mail: MailQueue,
    private readonly metrics: Metrics,
  ) {}

  async sendReminder(input: ReminderInput): Promise<void> {
    const { onboardingId, reminder, count } = input;
    const record = await this.onboardings.getExisting(onboardingId);
    // Counted before the mail is queued: a retry after a failed enqueue then finds the count
    // stored and neither counts it twice nor shows HR a mail the count does not include.
    if (count > record.remindersSent) this.metrics.reminders.inc({ kind: reminder.kind });
    await this.onboardings.recordReminder(onboardingId, count);
    await this.mail.enqueue(
      `reminder.${onboardingId}.${reminder.key}`,
      hireMail(record, MAIL_FOR_REMINDER[reminder.kind]),
      scheduledLane(record),
    );
    await this.events.publish({
      _id: `${onboardingId}.r.${reminder.key}`,
      type: 'onboarding.reminder_sent',
      clientId: record.clientId,
      onboardingId,
      employeeId: record.employeeId,
      occurredAt: new Date(reminder.at),
      data: { kind: reminder.kind, count },
    });
  }

  /**
   * The hire is stuck after their last nudge: their manager (if HR named one) gets a mail
   * naming them and the step, never the code; HR gets `onboarding.escalated` either way.
   */
  async escalate(input: EscalationInput): Promise<void> {
    const { onboardingId, key, status, at } = input;
    const record = await this.onboardings.getExisting(onboardingId);
    const step = currentStep(status);
    const { manager } = record;
    if (manager && step) {
      await this.mail.enqueue(`escalation.${onboardingId}.${key}`, {
        template: 'escalation',
        onboardingId,
        to: manager.email,
        locale: record.locale,
        firstName: manager.name,
        about: { name: `${record.firstName} ${record.lastName}`, step },
      });
    }
    await this.events.publish({
      _id: `${onboardingId}.x.${key}`,
      type: 'onboarding.escalated',
      clientId: record.clientId,
      onboardingId,
      employeeId: record.employeeId,
      occurredAt: new Date(at),
      data: { step, managerMailed: manager && step ? manager.email : null },
    });
    this.metrics.escalations.inc({ client: record.clientId, step: step ?? status });
  }
}
