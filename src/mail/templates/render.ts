import type { BrandConfig } from '../../config/config.schema';
import { formatLoginCode } from '../../security/login-code';
import type { MailJob, MailTemplate } from '../mail.queue';
import { html, type Html, join } from '../../http/html';
import { formatDate, type Translate, translator } from '../../i18n/i18n';
import { button, layout } from './layout';

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

export interface RenderContext {
  brand: BrandConfig;
  /** Where the employee logs in (the invite link). */
  loginUrl: string;
  /** The opened login code, for invites. */
  code?: string;
  /** The opened link, for a password reset. */
  link?: string;
}

const APP_STORE = 'https://apps.apple.com/app/google-authenticator/id388497605';
const PLAY_STORE =
  'https://play.google.com/store/apps/details?id=com.google.android.apps.authenticator2';

/** A mail in blocks: each block is a paragraph in HTML and in the text part. */
type Block =
  | { kind: 'p'; text: string }
  | { kind: 'code'; label: string; code: string }
  | { kind: 'button'; label: string; href: string }
  | { kind: 'heading'; text: string }
  | { kind: 'stores' };

interface Draft {
  subject: string;
  blocks: Block[];
}

const p = (text: string): Block => ({ kind: 'p', text });

/** The blocks of every mail; the words are in src/i18n, the seed guide's steps for the invite. */
function draft(job: MailJob, ctx: RenderContext, t: Translate): Draft {
  const { brand, loginUrl } = ctx;
  const names = { brand: brand.name, portal: brand.portalName };
  const deadline = job.deadline
    ? formatDate(job.locale, new Date(job.deadline), {
        dateStyle: 'long',
        timeStyle: 'short',
        timeZone: brand.timeZone,
      })
    : '';
  const validUntil = t('mail_code_valid_until', { deadline });
  const hello = p(t('mail_hello', { name: job.firstName }));
  const open = { kind: 'button', href: loginUrl, label: t('mail_open_portal', names) } as const;
  const drafts: Record<MailTemplate, () => Draft> = {
    invite: () => ({
      subject: t('mail_invite_subject', names),
      blocks: [
        hello,
        p(t('mail_invite_welcome', names)),
        { kind: 'heading', text: t('mail_invite_step_1') },
        { ...open, label: t('mail_invite_activate') },
        {
          kind: 'code',
          label: t('mail_invite_code_label'),
          code: formatLoginCode(ctx.code ?? ''),
        },
        ...(deadline ? [p(validUntil)] : []),
        { kind: 'heading', text: t('mail_invite_step_2') },
        p(t('mail_invite_install')),
        { kind: 'stores' },
        p(t('mail_invite_on_computer')),
        { kind: 'heading', text: t('mail_invite_step_3') },
        p(t('mail_invite_log_in')),
      ],
    }),
    reminder_code: () => ({
      subject: t('mail_reminder_code_subject'),
      blocks: [
        hello,
        p(`${t('mail_reminder_code_body', names)}${deadline ? ` ${validUntil}` : ''}`),
        open,
      ],
    }),
    reminder_finish: () => ({
      subject: t('mail_reminder_finish_subject'),
      blocks: [hello, p(t('mail_reminder_finish_body')), open],
    }),
    reminder_last_day: () => ({
      subject: t('mail_reminder_last_day_subject'),
      blocks: [hello, p(t('mail_reminder_last_day_body', { deadline })), open],
    }),
    reminder_before_start: () => ({
      subject: t('mail_reminder_before_start_subject'),
      blocks: [hello, p(t('mail_reminder_before_start_body', names)), open],
    }),
    escalation: () => ({
      subject: t('mail_escalation_subject', { name: job.about?.name ?? '' }),
      blocks: [
        hello,
        p(
          t('mail_escalation_body', {
            name: job.about?.name ?? '',
            step: t(`step_${job.about?.step ?? 'redeem_code'}` as const),
            ...names,
          }),
        ),
        p(t('mail_escalation_no_code', { name: job.about?.name ?? '' })),
      ],
    }),
    expired: () => ({
      subject: t('mail_expired_subject'),
      blocks: [hello, p(t('mail_expired_body', names))],
    }),
    reissue_requested: () => ({
      subject: t('mail_reissue_requested_subject'),
      blocks: [hello, p(t('mail_reissue_requested_body', names))],
    }),
    activated: () => ({
      subject: t('mail_activated_subject'),
      blocks: [hello, p(t('mail_activated_body', names)), open],
    }),
    password_reset: () => ({
      subject: t('mail_password_reset_subject'),
      blocks: [
        hello,
        p(t('mail_password_reset_body')),
        // The button says what the subject says.
        { kind: 'button', href: ctx.link ?? loginUrl, label: t('mail_password_reset_subject') },
      ],
    }),
    email_confirm: () => ({
      subject: t('mail_email_confirm_subject'),
      blocks: [
        hello,
        p(t('mail_email_confirm_body', names)),
        { kind: 'button', href: ctx.link ?? loginUrl, label: t('mail_email_confirm_button') },
        p(t('mail_email_confirm_ignore')),
      ],
    }),
    security_notice: () => ({
      subject: t(
        job.change === 'locked' ? 'mail_security_locked_subject' : 'mail_security_changed_subject',
      ),
      blocks: [
        hello,
        p(t(`mail_security_${job.change ?? 'password'}`, { deadline })),
        p(t('mail_security_not_you', names)),
      ],
    }),
  };
  return drafts[job.template]();
}

function blockHtml(block: Block, ctx: RenderContext, t: Translate): Html {
  switch (block.kind) {
    case 'p':
      return html`<p style="margin:0 0 16px;">${block.text}</p>`;
    case 'heading':
      return html`<h2 style="margin:24px 0 8px;font-size:17px;">${block.text}</h2>`;
    case 'button':
      return button(ctx.brand, block.href, block.label);
    case 'code':
      return html`<p style="margin:0 0 4px;">${block.label}:</p>
        <p
          style="margin:0 0 16px;font-family:Menlo,Consolas,monospace;font-size:26px;letter-spacing:2px;font-weight:bold;"
        >
          ${block.code}
        </p>`;
    case 'stores':
      return html`<p style="margin:0 0 16px;">
        <a
          href="${APP_STORE}"
          style="display:inline-block;background:#000000;color:#ffffff;text-decoration:none;padding:10px 14px;border-radius:6px;margin:0 8px 8px 0;"
          >${t('mail_invite_app_store')}</a
        ><a
          href="${PLAY_STORE}"
          style="display:inline-block;background:#000000;color:#ffffff;text-decoration:none;padding:10px 14px;border-radius:6px;"
          >${t('mail_invite_google_play')}</a
        >
      </p>`;
  }
}

function blockText(block: Block): string {
  switch (block.kind) {
    case 'p':
      return block.text;
    case 'heading':
      return block.text.toUpperCase();
    case 'button':
      return `${block.label}: ${block.href}`;
    case 'code':
      return `${block.label}: ${block.code}`;
    case 'stores':
      return `App Store: ${APP_STORE}\nGoogle Play: ${PLAY_STORE}`;
  }
}

/** Renders a mail job to subject, HTML and plain text; all data is escaped in the HTML. */
export function renderMail(job: MailJob, ctx: RenderContext): RenderedMail {
  const t = translator(job.locale);
  const { subject, blocks } = draft(job, ctx, t);
  const { brand } = ctx;
  const c = brand.contact;
  const contact = html`<strong>${brand.name}</strong><br />T: ${c.phone}<br />E:
    <a href="mailto:${c.email}" style="color:#52606d;">${c.email}</a><br />I: ${c.website}`;
  const body = join(blocks.map((b) => blockHtml(b, ctx, t)));
  const text = [
    ...blocks.map(blockText),
    '--',
    brand.name,
    `T: ${c.phone}`,
    `E: ${c.email}`,
    `I: ${c.website}`,
  ].join('\n\n');
  return { subject, html: layout(brand, job.locale, subject, body, contact), text: `${text}\n` };
}
