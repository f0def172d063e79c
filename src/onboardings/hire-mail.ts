import type { MailJob, MailLane, MailTemplate } from '../mail/mail.queue';
import type { OnboardingRecord } from './onboarding.schema';

/** A mail to the hire: HR's address for them, their language and name. */
export function hireMail(record: OnboardingRecord, template: MailTemplate): MailJob {
  return {
    template,
    onboardingId: record._id,
    to: record.email,
    locale: record.locale,
    firstName: record.firstName,
    deadline: record.deadline?.toISOString(),
  };
}

/**
 * The lane of the mails an onboarding's own schedule sends (the first invite, reminders, the
 * expiry notice): a bulk's hires get theirs in hundreds at a time, so behind everyone else's.
 */
export function scheduledLane(record: OnboardingRecord): MailLane {
  return record.intake === 'bulk' ? 'bulk' : 'normal';
}
