import {
  CanActivate,
  Controller,
  ExecutionContext,
  Get,
  Header,
  Inject,
  Injectable,
  NotFoundException,
  Param,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { type ParsedMail, simpleParser } from 'mailparser';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { html, join as joinHtml, type Html } from '../http/html';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Whether the development mailbox may answer: it shows every login code and reset link, so
 * only in development, only while mail is not sent for real (no SMTP_URL), and only to a
 * caller on this machine that no proxy forwarded.
 */
export function mailboxAllowed(
  config: Pick<AppConfig, 'env'> & { mail: Pick<AppConfig['mail'], 'smtpUrl'> },
  request: Pick<Request, 'socket' | 'headers'>,
): boolean {
  const forwarded = request.headers['x-forwarded-for'] ?? request.headers.forwarded;
  return (
    config.env === 'development' &&
    !config.mail.smtpUrl &&
    LOOPBACK.has(request.socket.remoteAddress ?? '') &&
    forwarded === undefined
  );
}

/** Anywhere else the mailbox does not exist (404, not 403: nothing to find here). */
@Injectable()
class DevelopmentOnly implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    if (!mailboxAllowed(this.config, context.switchToHttp().getRequest<Request>())) {
      throw new NotFoundException();
    }
    return true;
  }
}

const FILE = /^[\w.-]+\.eml$/;

/** The outbox as a page: every mail the embedded transport kept, newest first. */
@ApiExcludeController()
@Controller('dev/mailbox')
@UseGuards(DevelopmentOnly)
export class DevMailboxController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  async list(): Promise<string> {
    const files = await this.files();
    const rows = await Promise.all(
      files.slice(0, 200).map(async (file) => {
        const mail = await simpleParser(await readFile(join(this.config.mail.outboxDir, file)));
        return html`<li>
          <a href="/dev/mailbox/${file}">${mail.subject ?? '(no subject)'}</a>
          <span>to ${recipients(mail)}, ${mail.date?.toISOString() ?? ''}</span>
        </li>`;
      }),
    );
    return page(
      'Mailbox',
      html`<h1>Development mailbox</h1>
        <p>
          ${files.length} mails in ${this.config.mail.outboxDir}, newest first. Without SMTP_URL
          every mail lands here.
        </p>
        <ul>
          ${joinHtml(rows)}
        </ul>`,
    );
  }

  @Get(':file')
  @Header('content-type', 'text/html; charset=utf-8')
  async show(@Param('file') file: string): Promise<string> {
    const mail = await simpleParser(await this.read(file));
    return page(
      mail.subject ?? 'Mail',
      html`<p><a href="/dev/mailbox">← all mail</a></p>
        <h1>${mail.subject ?? ''}</h1>
        <p>From ${mail.from?.text ?? ''} to ${recipients(mail)}</p>
        <iframe
          title="HTML part"
          src="/dev/mailbox/${file}/html"
          sandbox="allow-popups allow-top-navigation-by-user-activation"
          style="width:100%;height:70vh;border:1px solid #ccc"
        ></iframe>
        <h2>Text part</h2>
        <pre style="white-space:pre-wrap">${mail.text ?? ''}</pre>`,
    );
  }

  /** The mail's own HTML, shown in a sandboxed frame; its links work. */
  @Get(':file/html')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
  async raw(@Param('file') file: string): Promise<string> {
    const mail = await simpleParser(await this.read(file));
    return typeof mail.html === 'string' ? mail.html : '';
  }

  private async files(): Promise<string[]> {
    try {
      return (await readdir(this.config.mail.outboxDir))
        .filter((f) => FILE.test(f))
        .sort()
        .reverse();
    } catch {
      return [];
    }
  }

  private async read(file: string): Promise<Buffer> {
    if (!FILE.test(file)) throw new NotFoundException();
    try {
      return await readFile(join(this.config.mail.outboxDir, file));
    } catch {
      throw new NotFoundException();
    }
  }
}

function recipients(mail: ParsedMail): string {
  return mail.to
    ? [mail.to]
        .flat()
        .map((a) => a.text)
        .join(', ')
    : '';
}

function page(title: string, body: Html): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
      </head>
      <body style="font-family:system-ui,sans-serif;max-width:960px;margin:0 auto;padding:16px">
        ${body}
      </body>
    </html>`.value;
}
