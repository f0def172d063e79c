import { Inject, Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { SecretsService } from '../security/secrets.service';
import type { MailJob } from './mail.queue';
import { MailSender } from './mail.sender';
import { renderMail } from './templates/render';

const SENT_MARK_SECONDS = 7 * 24 * 3600;

/** Renders and sends one mail job; thin: the templates and the sender do the work. */
@Injectable()
export class MailProcessor {
  constructor(
    private readonly sender: MailSender,
    private readonly secrets: SecretsService,
    private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async process(job: Job<MailJob>): Promise<'sent' | 'sent before'> {
    const key = `mail-sent:${job.id}`;
    // A job retried after its mail went out (crash before BullMQ heard) is not sent again.
    if (await this.redis.exists(key)) return 'sent before';
    const data = job.data;
    const rendered = renderMail(data, {
      brand: this.config.brand,
      loginUrl: `${this.config.http.publicUrl}/login?invite=${encodeURIComponent(data.onboardingId)}`,
      code: data.codeSealed ? this.secrets.openCode(data.onboardingId, data.codeSealed) : undefined,
      link: data.linkSealed ? this.secrets.openLink(data.onboardingId, data.linkSealed) : undefined,
    });
    await this.sender.send(data.to, rendered, job.id ?? job.name);
    await this.redis.set(key, '1', 'EX', SENT_MARK_SECONDS);
    return 'sent';
  }
}
