import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { type CredentialIssue, ruleText } from '../activation/credential-rules';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { RETRY_AFTER_SECONDS } from '../http/problem';
import { passkeysOffered } from '../passkeys/passkeys.service';
import type { Stage } from '../sessions/session';
import { isLocale, type Locale, type MessageKey, pickLocale, translator } from '../i18n/i18n';
import { problemMessage } from './problem-messages';
import { qrDataUrl } from './qr';
import type { WebRequest } from './session.middleware';
import * as views from './views';

type Render = (ctx: views.PageContext) => string;

/**
 * How the employee's pages answer: in the person's language, with the session's form token,
 * and the session saved before the answer leaves. The one place that knows the translations.
 */
@Injectable()
export class WebPages {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Their own pick, else their onboarding's language (or `fallback`), else the browser's. */
  locale(req: WebRequest, fallback?: Locale): Locale {
    const { locale, onboardingLocale } = req.session.data;
    return pickLocale(locale, onboardingLocale ?? fallback, req.header('accept-language'));
  }

  text(req: WebRequest, key: MessageKey, values?: Record<string, string | number>): string {
    return translator(this.locale(req))(key, values);
  }

  /** An answer to app.js (passkeys), with the session saved first like every page. */
  async json(req: WebRequest, res: Response, body: object, status = 200): Promise<void> {
    await req.session.commit(res);
    res.status(status).json(body);
  }

  /** A refusal from the workflow or a service, as a friendly sentence in the page's language. */
  problem(req: WebRequest, error: unknown): string {
    const locale = this.locale(req);
    return problemMessage(error, translator(locale), locale, this.config.brand);
  }

  /** Each broken credential rule next to its field. */
  ruleErrors(req: WebRequest, issues: CredentialIssue[]): views.FieldError[] {
    const t = translator(this.locale(req));
    return issues.map((issue) => ({ field: issue.field, message: ruleText(t, issue.rule) }));
  }

  /** The 2FA setup page of an enrolment: its QR code, its key and the code field. */
  async twoFactor(
    req: WebRequest,
    res: Response,
    enrolment: { otpauthUri: string; secret: string },
    s: Omit<Parameters<typeof views.twoFactorPage>[1], 'totp'> = {},
  ): Promise<void> {
    const qr = await qrDataUrl(enrolment.otpauthUri);
    await this.page(req, res, (ctx) =>
      views.twoFactorPage(ctx, { ...s, totp: { qrDataUrl: qr, secret: enrolment.secret } }),
    );
  }

  /** `fallbackLocale`: the onboarding's language when the session does not know it yet. */
  async page(
    req: WebRequest,
    res: Response,
    render: Render,
    { fallbackLocale, status = 200 }: { fallbackLocale?: Locale; status?: number } = {},
  ): Promise<void> {
    const lang = req.query.lang;
    if (isLocale(lang)) req.session.data.locale = lang;
    const locale = this.locale(req, fallbackLocale);
    const ctx = this.context(req, locale, req.session.csrf);
    await req.session.commit(res);
    res.status(status).type('html').send(render(ctx));
  }

  message(
    req: WebRequest,
    res: Response,
    title: MessageKey,
    message: string,
    status = 200,
  ): Promise<void> {
    return this.page(req, res, (ctx) => views.messagePage(ctx, ctx.t(title), message), { status });
  }

  async redirect(req: WebRequest, res: Response, to: string): Promise<void> {
    await req.session.commit(res);
    res.redirect(303, to);
  }

  /**
   * After a change that ended every session of the account: this one goes on under a new id
   * (of the same sign-in: its absolute lifetime does not restart), with `notice` to show.
   */
  async stayIn(req: WebRequest, accountId: string, notice?: MessageKey): Promise<void> {
    const { startedAt, onboardingLocale } = req.session.data;
    await req.session.rotate({
      stage: 'authenticated',
      accountId,
      onboardingLocale,
      startedAt,
      notice,
    });
  }

  /** The account id of a session at `stage`; otherwise back to the login page. */
  async requireStage(req: WebRequest, res: Response, stage: Stage): Promise<string | undefined> {
    const { stage: current, accountId } = req.session.data;
    if (current === stage && accountId) return accountId;
    await this.expired(req, res);
    return undefined;
  }

  async expired(req: WebRequest, res: Response): Promise<void> {
    req.session.data.notice = 'session_expired';
    await this.redirect(req, res, '/login');
  }

  /** The one-time message the previous step left for this page, translated. */
  takeNotice(req: WebRequest): string | undefined {
    const key = req.session.data.notice as MessageKey | undefined;
    delete req.session.data.notice;
    return key ? this.text(req, key) : undefined;
  }

  /** Redis is away: no page can know its session, so every page asks to come back soon. */
  unavailable(req: Request, res: Response): void {
    const locale = pickLocale(undefined, undefined, req.header('accept-language'));
    const ctx = this.context(req, locale, '');
    res.status(503).set('Retry-After', String(RETRY_AFTER_SECONDS)).type('html');
    res.send(views.messagePage(ctx, ctx.t('login_title'), ctx.t('unavailable')));
  }

  private context(req: Request, locale: Locale, csrf: string): views.PageContext {
    return {
      t: translator(locale),
      locale,
      brand: this.config.brand,
      csrf,
      path: req.path,
      passkeys: passkeysOffered(this.config),
    };
  }
}
