import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { MAIL_CONCURRENCY } from './mail.queue';
import type { RenderedMail } from './templates/render';

/**
 * Sends through SMTP_URL, or, without it, keeps each mail as an .eml file in the outbox
 * (shown on /dev/mailbox), so a newcomer can follow an invite without a mail server.
 */
@Injectable()
export class MailSender implements OnModuleDestroy {
  private readonly transport: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    // Pooled: a connection (and its TLS handshake) per mail cost the queue worker more CPU
    // than rendering the mail; one open connection per concurrent send is enough.
    this.transport = config.mail.smtpUrl
      ? createTransport({ url: config.mail.smtpUrl, pool: true, maxConnections: MAIL_CONCURRENCY })
      : createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  async send(to: string, mail: RenderedMail, messageKey: string): Promise<void> {
    const info: { message?: unknown } = await this.transport.sendMail({
      from: this.config.mail.from,
      to,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      // The job's own id: SMTP cannot say whether a mail cut off by a crash arrived, so a
      // retry may deliver it twice, with the same Message-ID, by which mailboxes drop the copy.
      messageId: `<${messageKey}@${new URL(this.config.http.publicUrl).hostname}>`,
      headers: { 'X-Onboarding-Mail': messageKey },
    });
    if (!this.config.mail.smtpUrl && Buffer.isBuffer(info.message)) {
      await this.keep(info.message, messageKey);
    }
  }

  private async keep(message: Buffer, messageKey: string): Promise<void> {
    const dir = this.config.mail.outboxDir;
    await mkdir(dir, { recursive: true });
    // Sortable by time; written whole then renamed, so the mailbox never shows half a mail.
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}_${messageKey.replace(/[^\w.-]/g, '_')}.eml`;
    await writeFile(join(dir, `.${name}.tmp`), message);
    await rename(join(dir, `.${name}.tmp`), join(dir, name));
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
