import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import type { OnboardingStep } from '../../workflows/onboarding.rules';
import type { Locale } from '../i18n/i18n';
import { RetryingQueue } from '../queue/queue.module';
import { QUEUES } from '../queue/queue-names';

export type MailTemplate =
  | 'invite'
  | 'reminder_code'
  | 'reminder_finish'
  | 'reminder_last_day'
  | 'reminder_before_start'
  | 'escalation'
  | 'expired'
  | 'reissue_requested'
  | 'activated'
  | 'password_reset'
  | 'email_confirm'
  | 'security_notice';

/**
 * What a security notice is about: a changed password or 2FA, new recovery codes, every
 * session ended, a new address asked for, or a locked login (until `deadline`).
 */
export type SecurityChange =
  | 'password'
  | 'two_factor'
  | 'recovery_codes_renewed'
  | 'signed_out_everywhere'
  | 'passkey_added'
  | 'passkey_renamed'
  | 'passkey_removed'
  | 'email'
  | 'locked';

/** Mails sent at once by one queue worker, and so its pooled SMTP connections. */
export const MAIL_CONCURRENCY = 5;

/** A mail to render and send; secrets travel sealed (SecretBox), never in the clear. */
export interface MailJob {
  template: MailTemplate;
  onboardingId: string;
  to: string;
  locale: Locale;
  firstName: string;
  codeSealed?: string;
  deadline?: string;
  /** A link of its own (password reset, e-mail confirmation), sealed: it carries a token. */
  linkSealed?: string;
  change?: SecurityChange;
  /** For a manager's mail: whom it is about and the step they are stuck at (never a code). */
  about?: { name: string; step: OnboardingStep };
}

/**
 * Which mails go first. BullMQ takes a job without a priority before any job with one (lower
 * number first), and its rate limiter (MAIL_RATE_PER_SECOND) counts the whole queue. So a
 * bulk's scheduled mails (`bulk`: its invites, reminders and expiry notices, hundreds at once)
 * carry a priority and drain at the SMTP rate, while everything else (a single hire's invite, a
 * password reset, a security notice) carries none and is sent next. One queue, so one limiter:
 * a second queue for bulk mail would need its own share of the SMTP rate.
 */
export type MailLane = 'normal' | 'bulk';
const PRIORITY: Record<MailLane, number | undefined> = { normal: undefined, bulk: 10 };

@Injectable()
export class MailQueue extends RetryingQueue<MailJob> {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(QUEUES.mail, config, config.mail);
  }

  /** `jobId` is deterministic per mail (no `:`, BullMQ reserves it), so a retried activity never queues a mail twice. */
  async enqueue(jobId: string, job: MailJob, lane: MailLane = 'normal'): Promise<void> {
    await this.queue.add(job.template, job, { jobId, priority: PRIORITY[lane] });
  }
}
