import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { AccountRepository } from '../accounts/account.repository';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { MailQueue } from '../mail/mail.queue';
import type { OnboardingRecord } from '../onboardings/onboarding.schema';
import { SecretsService } from '../security/secrets.service';
import { SecurityEvents } from '../security/security-events';
import { AuthError } from './auth.errors';

const CONFIRM_TTL_SECONDS = 24 * 3600;

/** A change waiting for the new address to confirm it; the address itself sealed. */
interface PendingChange {
  accountId: string;
  from: string;
  toSealed: string;
  requestedAt: number;
}

/**
 * The employee corrects the address HR gave: the account keeps HR's address until a link
 * mailed to the new one is used, and the old one is told. Someone with a leaked login code
 * cannot redirect the account's mail (password resets) to themselves.
 */
@Injectable()
export class EmailChanges {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly secrets: SecretsService,
    private readonly mail: MailQueue,
    private readonly redis: Redis,
    private readonly events: SecurityEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async request(
    account: Pick<OnboardingRecord, '_id' | 'email' | 'locale' | 'firstName'>,
    to: string,
  ): Promise<void> {
    const id = account._id;
    const token = randomBytes(32).toString('base64url');
    const pending: PendingChange = {
      accountId: id,
      from: account.email.toLowerCase(),
      toSealed: this.secrets.sealEmail(id, to),
      requestedAt: Date.now(),
    };
    await this.redis.set(this.key(token), JSON.stringify(pending), 'EX', CONFIRM_TTL_SECONDS);
    const link = `${this.config.http.publicUrl}/confirm-email?token=${token}`;
    const mail = { onboardingId: id, locale: account.locale, firstName: account.firstName };
    await this.mail.enqueue(`email-confirm.${id}.${pending.requestedAt}`, {
      ...mail,
      template: 'email_confirm',
      to,
      linkSealed: this.secrets.sealLink(id, link),
    });
    await this.mail.enqueue(`notice.${id}.email.${pending.requestedAt}`, {
      ...mail,
      template: 'security_notice',
      to: account.email,
      change: 'email',
    });
    this.events.record('email_change_requested', { accountId: id, outcome: 'done' });
  }

  /** Whether the link is still good (it is not used up here: mail scanners open links). */
  async isPending(token: string): Promise<boolean> {
    return (await this.redis.exists(this.key(token))) === 1;
  }

  /** Uses the link up and moves the account's mail to the new address. */
  async confirm(token: string): Promise<void> {
    const raw = await this.redis.getdel(this.key(token));
    if (!raw) throw new AuthError('invalid_reset_link');
    const pending = JSON.parse(raw) as PendingChange;
    const changed = await this.accounts.changeEmail(pending.accountId, {
      from: pending.from,
      to: this.secrets.openEmail(pending.accountId, pending.toSealed),
      requestedAt: new Date(pending.requestedAt),
      verifiedAt: new Date(),
    });
    // The address changed meanwhile (another confirmation): this link is stale.
    if (!changed) throw new AuthError('invalid_reset_link');
    this.events.record('email_change_verified', { accountId: pending.accountId, outcome: 'done' });
  }

  private key(token: string): string {
    return `email-change:${this.secrets.hash(token)}`;
  }
}
