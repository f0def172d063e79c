import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Logger,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toString as qrSvg } from 'qrcode';
import { checkPassword } from '../accounts/password-policy';
import { ActivationError, CredentialsRejectedError } from '../activation/activation.errors';
import { credentialIssues } from '../activation/credential-rules';
import { ActivationService } from '../activation/activation.service';
import { AuthError } from '../auth/auth.errors';
import { AuthService } from '../auth/auth.service';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { isDependencyDown } from '../http/dependency-down';
import { EmailChanges } from '../auth/email-changes.service';
import { addressBucket } from '../http/client-address';
import type { OnboardingRecord } from '../onboardings/onboarding.schema';
import { OnboardingRejectedError } from '../onboardings/onboarding-workflows';
import { hashPassword } from '../security/password-hash';
import { RateLimiter } from '../security/rate-limiter';
import { SecretsService } from '../security/secrets.service';
import { SecurityEvents } from '../security/security-events';
import type { Proof, Stage } from '../sessions/session';
import { type Locale, type MessageKey, pickLocale, ruleKey, translator } from './messages';
import type { WebRequest } from './session.middleware';
import { type Form, FormPipe, QueryTextPipe } from './form';
import * as views from './views';

const ASSETS: Record<string, string> = {
  'app.css': 'text/css; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
};

/**
 * The employee's pages, server-rendered: log in with the code, set credentials, activate 2FA,
 * the portal; later log in with password and TOTP, and reset a forgotten password.
 */
@ApiExcludeController()
@Controller()
export class WebController {
  private readonly logger = new Logger(WebController.name);

  constructor(
    private readonly activation: ActivationService,
    private readonly auth: AuthService,
    private readonly emailChanges: EmailChanges,
    private readonly secrets: SecretsService,
    private readonly limits: RateLimiter,
    private readonly events: SecurityEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('assets/:file')
  async asset(@Param('file') file: string, @Res() res: Response): Promise<void> {
    const type = ASSETS[file];
    if (!type) {
      res.status(404).end();
      return;
    }
    res.type(type).set('Cache-Control', 'public, max-age=300');
    res.send(await readFile(join(__dirname, 'assets', file)));
  }

  @Get()
  root(@Req() req: WebRequest, @Res() res: Response): Promise<void> {
    return this.redirect(
      req,
      res,
      req.session.data.stage === 'authenticated' ? '/portal' : '/login',
    );
  }

  @Get('login')
  async loginPage(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Query('invite', QueryTextPipe) invite?: string,
  ) {
    // Opening the invite link changes nothing: mail scanners open links too.
    const notice = this.takeNotice(req);
    const needsCode = this.missingProof(req) === 'code';
    await this.page(
      req,
      res,
      (ctx) => views.loginPage(ctx, { invite, notice, codeFirst: needsCode }),
      await this.inviteLocale(invite),
    );
  }

  @Post('login/code')
  async redeemCode(@Req() req: WebRequest, @Res() res: Response, @Body(FormPipe) form: Form) {
    if (!(await this.csrfOk(req, res, form))) return;
    const invite = form.invite || undefined;
    try {
      const { onboarding, reenrolment } = await this.activation.redeemCode({
        code: form.code ?? '',
        inviteRef: invite,
        clientAddress: req.ip ?? '',
      });
      if (reenrolment) return await this.reenrolled(req, res, onboarding, 'code');
      await req.session.rotate();
      Object.assign(req.session.data, {
        onboardingId: onboarding._id,
        onboardingLocale: onboarding.locale,
        stage: 'credentials',
      });
      await this.redirect(req, res, '/account/credentials');
    } catch (error) {
      const message = this.problemMessage(req, error);
      await this.page(req, res, (ctx) =>
        views.loginPage(ctx, { invite, code: form.code, errors: [{ field: 'code', message }] }),
      );
    }
  }

  /**
   * After a 2FA reset a new 2FA needs two proofs in this one session: the newly mailed code
   * and the password (either first). One of them alone leads to the other, never further.
   */
  private async reenrolled(
    req: WebRequest,
    res: Response,
    account: Pick<OnboardingRecord, '_id' | 'locale'>,
    proof: Proof,
  ): Promise<void> {
    const { data } = req.session;
    const before = data.stage === 'reenroll' && data.accountId === account._id ? data.proofs : [];
    const proofs = [...new Set([...(before ?? []), proof])];
    await req.session.rotate();
    const both = proofs.includes('code') && proofs.includes('password');
    Object.assign(req.session.data, {
      accountId: account._id,
      onboardingId: account._id,
      onboardingLocale: account.locale,
      stage: both ? 'two_factor_setup' : 'reenroll',
      ...(both ? {} : { proofs }),
    });
    if (both) return this.redirect(req, res, '/account/2fa');
    if (proof === 'password') req.session.data.notice = 'reenroll_code';
    await this.redirect(req, res, proof === 'code' ? '/login/password' : '/login');
  }

  /** Which proof a re-enrolling session still lacks, if it is one. */
  private missingProof(req: WebRequest): Proof | undefined {
    const { stage, proofs = [] } = req.session.data;
    if (stage !== 'reenroll') return undefined;
    return proofs.includes('code') ? 'password' : 'code';
  }

  @Get('login/password')
  async confirmPasswordPage(@Req() req: WebRequest, @Res() res: Response) {
    const accountId = await this.requireStage(req, res, 'reenroll');
    if (!accountId) return;
    if (this.missingProof(req) !== 'password') return this.redirect(req, res, '/login');
    const account = await this.auth.account(accountId);
    if (!account) return this.expired(req, res);
    await this.page(req, res, (ctx) =>
      views.confirmPasswordPage(ctx, { username: account.username }),
    );
  }

  @Post('login/password')
  async confirmPassword(@Req() req: WebRequest, @Res() res: Response, @Body(FormPipe) form: Form) {
    if (!(await this.csrfOk(req, res, form))) return;
    const accountId = await this.requireStage(req, res, 'reenroll');
    if (!accountId) return;
    try {
      const account = await this.auth.confirmPassword(accountId, form.password ?? '', req.ip ?? '');
      await this.reenrolled(req, res, account, 'password');
    } catch (error) {
      const message = this.problemMessage(req, error);
      const account = await this.auth.account(accountId);
      await this.page(req, res, (ctx) =>
        views.confirmPasswordPage(ctx, {
          username: account?.username ?? '',
          errors: [{ field: 'password', message }],
        }),
      );
    }
  }

  @Get('account/credentials')
  async credentialsPage(@Req() req: WebRequest, @Res() res: Response) {
    const onboardingId = await this.requireStage(req, res, 'credentials');
    if (!onboardingId) return;
    const onboarding = await this.activation.onboarding(onboardingId);
    await this.page(
      req,
      res,
      (ctx) => views.credentialsPage(ctx, { email: onboarding.email }),
      onboarding.locale,
    );
  }

  @Post('account/credentials')
  async setCredentials(@Req() req: WebRequest, @Res() res: Response, @Body(FormPipe) form: Form) {
    if (!(await this.csrfOk(req, res, form))) return;
    const onboardingId = await this.requireStage(req, res, 'credentials');
    if (!onboardingId) return;
    const input = {
      email: (form.email ?? '').trim(),
      username: (form.username ?? '').trim(),
      password: form.password ?? '',
      repeat: form.repeat ?? '',
    };
    const t = translator(this.locale(req));
    // Only a refused submit shows the form again, with each rule ticked off or not.
    const again = async (errors: views.FieldError[]) => {
      const onboarding = await this.activation.onboarding(onboardingId);
      const met = checkPassword(input.password, this.activation.passwordContext(onboarding, input));
      await this.page(req, res, (ctx) =>
        views.credentialsPage(ctx, { email: input.email, username: input.username, errors, met }),
      );
    };
    let result: { emailChange: boolean };
    try {
      // It checks the rules itself (once: the strength estimate is the costly part of a submit).
      result = await this.activation.setCredentials(onboardingId, input);
    } catch (error) {
      if (error instanceof CredentialsRejectedError) {
        return again(error.issues.map((i) => ({ field: i.field, message: t(ruleKey(i.rule)) })));
      }
      if (error instanceof OnboardingRejectedError && error.rejection === 'username_taken') {
        return again([{ field: 'username', message: t('username_taken') }]);
      }
      return again([{ message: this.problemMessage(req, error) }]);
    }
    req.session.data.stage = 'two_factor_setup';
    if (result.emailChange) req.session.data.notice = 'email_confirm_sent';
    await this.redirect(req, res, '/account/2fa');
  }

  @Get('account/2fa')
  async twoFactorPage(@Req() req: WebRequest, @Res() res: Response) {
    const accountId = await this.requireStage(req, res, 'two_factor_setup');
    if (!accountId) return;
    try {
      // A new page, a new secret: no other session ever sees it, and it reaches the account
      // only once a code from it is verified.
      const enrolment = await this.activation.totpEnrolment(accountId);
      req.session.data.pendingTotpSealed = this.secrets.sealTotpSecret(accountId, enrolment.secret);
      await this.showTwoFactor(req, res, enrolment, [], this.takeNotice(req));
    } catch (error) {
      await this.message(req, res, 'twofa_title', this.problemMessage(req, error));
    }
  }

  @Post('account/2fa')
  async activateTwoFactor(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Body(FormPipe) form: Form,
  ) {
    if (!(await this.csrfOk(req, res, form))) return;
    const accountId = await this.requireStage(req, res, 'two_factor_setup');
    if (!accountId) return;
    const sealed = req.session.data.pendingTotpSealed;
    if (!sealed) return this.redirect(req, res, '/account/2fa');
    const secret = this.secrets.openTotpSecret(accountId, sealed);
    try {
      const { recoveryCodes } = await this.activation.activateTwoFactor(
        accountId,
        secret,
        (form.token ?? '').replace(/\s/g, ''),
      );
      await req.session.rotate();
      Object.assign(req.session.data, {
        stage: 'authenticated',
        accountId,
        recoveryCodesSealed: this.secrets.sealRecoveryCodes(accountId, recoveryCodes),
      });
      await this.redirect(req, res, '/account/recovery-codes');
    } catch (error) {
      // The same page again, with the secret the phone has scanned already; or, if there is
      // no 2FA to set up any more (active meanwhile), the reason alone.
      const message = this.problemMessage(req, error);
      const enrolment = await this.activation
        .totpEnrolment(accountId, secret)
        .catch(() => undefined);
      if (!enrolment) return this.message(req, res, 'twofa_title', message);
      await this.showTwoFactor(req, res, enrolment, [{ field: 'token', message }]);
    }
  }

  @Get('account/recovery-codes')
  async recoveryCodes(@Req() req: WebRequest, @Res() res: Response) {
    const { recoveryCodesSealed, stage, accountId } = req.session.data;
    if (!recoveryCodesSealed || !accountId || stage !== 'authenticated')
      return this.redirect(req, res, '/portal');
    const codes = this.secrets.openRecoveryCodes(accountId, recoveryCodesSealed);
    // Shown once: gone from the session as soon as this page is rendered.
    delete req.session.data.recoveryCodesSealed;
    await this.page(req, res, (ctx) => views.recoveryCodesPage(ctx, codes));
  }

  @Get('portal')
  async portal(@Req() req: WebRequest, @Res() res: Response) {
    const accountId = await this.requireStage(req, res, 'authenticated');
    if (!accountId) return;
    const account = await this.auth.account(accountId);
    if (!account) return this.expired(req, res);
    await this.page(req, res, (ctx) => views.portalPage(ctx, account.firstName));
  }

  @Post('logout')
  async logout(@Req() req: WebRequest, @Res() res: Response, @Body(FormPipe) form: Form) {
    if (!(await this.csrfOk(req, res, form))) return;
    await req.session.destroy();
    req.session.data.notice = 'logged_out';
    await this.redirect(req, res, '/login');
  }

  @Post('login')
  async login(@Req() req: WebRequest, @Res() res: Response, @Body(FormPipe) form: Form) {
    if (!(await this.csrfOk(req, res, form))) return;
    try {
      const { account, next } = await this.auth.checkPassword(
        (form.username ?? '').trim(),
        form.password ?? '',
        req.ip ?? '',
      );
      if (next === 'reenroll') return await this.reenrolled(req, res, account, 'password');
      await req.session.rotate();
      // A password without 2FA yet (a lost session during onboarding) leads to its setup.
      Object.assign(req.session.data, {
        accountId: account._id,
        onboardingLocale: account.locale,
        stage: next,
      });
      await this.redirect(req, res, next === 'totp' ? '/login/totp' : '/account/2fa');
    } catch (error) {
      const message = this.problemMessage(req, error);
      await this.page(req, res, (ctx) =>
        views.loginPage(ctx, { username: form.username, errors: [{ field: 'password', message }] }),
      );
    }
  }

  @Get('login/totp')
  async totpPage(@Req() req: WebRequest, @Res() res: Response) {
    if (!(await this.requireStage(req, res, 'totp'))) return;
    await this.page(req, res, (ctx) => views.secondFactorPage(ctx));
  }

  @Post('login/totp')
  async totp(@Req() req: WebRequest, @Res() res: Response, @Body(FormPipe) form: Form) {
    if (!(await this.csrfOk(req, res, form))) return;
    const accountId = await this.requireStage(req, res, 'totp');
    if (!accountId) return;
    try {
      const account = await this.auth.checkSecondFactor(accountId, form.token ?? '');
      await req.session.rotate();
      Object.assign(req.session.data, {
        stage: 'authenticated',
        accountId,
        onboardingLocale: account.locale,
      });
      await this.redirect(req, res, '/portal');
    } catch (error) {
      const message = this.problemMessage(req, error);
      await this.page(req, res, (ctx) =>
        views.secondFactorPage(ctx, [{ field: 'token', message }]),
      );
    }
  }

  @Get('forgot-password')
  forgotPage(@Req() req: WebRequest, @Res() res: Response) {
    return this.page(req, res, (ctx) => views.forgotPasswordPage(ctx, {}));
  }

  @Post('forgot-password')
  async forgot(@Req() req: WebRequest, @Res() res: Response, @Body(FormPipe) form: Form) {
    if (!(await this.csrfOk(req, res, form))) return;
    // Not awaited: the answer and its timing are the same whether or not the account exists.
    this.auth.requestPasswordReset(form.identifier ?? '', req.ip ?? '').catch(() => undefined);
    await this.page(req, res, (ctx) => views.forgotPasswordPage(ctx, { sent: true }));
  }

  @Get('reset-password')
  async resetPage(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Query('token', QueryTextPipe) token = '',
  ) {
    try {
      const account = await this.auth.resetTarget(token);
      await this.page(req, res, (ctx) => views.resetPasswordPage(ctx, { token }), account.locale);
    } catch (error) {
      await this.message(req, res, 'reset_title', this.problemMessage(req, error));
    }
  }

  @Post('reset-password')
  async reset(@Req() req: WebRequest, @Res() res: Response, @Body(FormPipe) form: Form) {
    if (!(await this.csrfOk(req, res, form))) return;
    const token = form.token ?? '';
    const password = form.password ?? '';
    try {
      const account = await this.auth.resetTarget(token);
      const context = this.activation.passwordContext(account, { username: account.username });
      const issues = credentialIssues(
        { username: account.username, email: account.email, password, repeat: form.repeat ?? '' },
        context,
      );
      if (issues.length > 0) {
        const t = translator(this.locale(req));
        return this.page(req, res, (ctx) =>
          views.resetPasswordPage(ctx, {
            token,
            errors: issues.map((i) => ({ field: i.field, message: t(ruleKey(i.rule)) })),
            met: checkPassword(password, context),
          }),
        );
      }
      await this.auth.resetPassword(token, await hashPassword(password));
      await req.session.destroy();
      req.session.data.notice = 'reset_done';
      await this.redirect(req, res, '/login');
    } catch (error) {
      await this.message(req, res, 'reset_title', this.problemMessage(req, error));
    }
  }

  @Get('confirm-email')
  async confirmEmailPage(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Query('token', QueryTextPipe) token = '',
  ) {
    if (!(await this.emailChanges.isPending(token))) {
      return this.message(
        req,
        res,
        'confirm_email_title',
        translator(this.locale(req))('invalid_reset_link'),
      );
    }
    await this.page(req, res, (ctx) => views.confirmEmailPage(ctx, token));
  }

  @Post('confirm-email')
  async confirmEmail(@Req() req: WebRequest, @Res() res: Response, @Body(FormPipe) form: Form) {
    if (!(await this.csrfOk(req, res, form))) return;
    try {
      await this.emailChanges.confirm(form.token ?? '');
      await this.message(
        req,
        res,
        'confirm_email_title',
        translator(this.locale(req))('email_confirmed'),
      );
    } catch (error) {
      await this.message(req, res, 'confirm_email_title', this.problemMessage(req, error));
    }
  }

  /** For the form's script: which password rules hold so far. */
  @Post('password-check')
  @HttpCode(HttpStatus.OK)
  async passwordCheck(@Req() req: WebRequest, @Res() res: Response, @Body(FormPipe) form: Form) {
    if (!req.session.validCsrf(form._csrf)) {
      this.refuseCheck(res, 403, 'csrf', 'The form token is missing or wrong; reload the page');
      return;
    }
    const perMinute = this.config.login.passwordChecksPerMinute;
    const key = `password-check:${addressBucket(req.ip ?? '')}`;
    if (!(await this.limits.allow(key, perMinute, 60_000))) {
      this.events.record('password_check_limit', { outcome: 'refused' });
      res.set('Retry-After', '60');
      this.refuseCheck(res, 429, 'too-many-checks', 'Too many password checks; wait a minute');
      return;
    }
    const subject = form.token
      ? await this.auth.resetTarget(form.token).catch(() => undefined)
      : req.session.data.onboardingId
        ? await this.activation.onboarding(req.session.data.onboardingId).catch(() => undefined)
        : undefined;
    if (!subject) {
      this.refuseCheck(res, 403, 'no-password-form', 'No password is being set in this session');
      return;
    }
    const context = this.activation.passwordContext(subject, {
      email: form.email,
      username: form.username,
    });
    res.json(checkPassword(form.password ?? '', context));
  }

  // --- helpers ---

  /** The script ignores refusals; whoever else calls learns why. */
  private refuseCheck(res: Response, status: number, slug: string, title: string): void {
    res
      .status(status)
      .type('application/problem+json')
      .json({ type: `urn:problem:onboarding:${slug}`, title, status });
  }

  private locale(req: WebRequest, fallback?: Locale): Locale {
    const { locale, onboardingLocale } = req.session.data;
    return pickLocale(locale, onboardingLocale ?? fallback, req.header('accept-language'));
  }

  private async page(
    req: WebRequest,
    res: Response,
    render: (ctx: views.PageContext) => string,
    fallbackLocale?: Locale,
    status = 200,
  ): Promise<void> {
    const lang = req.query.lang;
    if (lang === 'nl' || lang === 'en') req.session.data.locale = lang;
    const locale = this.locale(req, fallbackLocale);
    const ctx: views.PageContext = {
      t: translator(locale),
      locale,
      brand: this.config.brand,
      csrf: req.session.csrf,
      path: req.path,
    };
    await req.session.commit(res);
    res.status(status).type('html').send(render(ctx));
  }

  private async redirect(req: WebRequest, res: Response, to: string): Promise<void> {
    await req.session.commit(res);
    res.redirect(303, to);
  }

  private message(
    req: WebRequest,
    res: Response,
    title: MessageKey,
    message: string,
    status = 200,
  ) {
    const t = translator(this.locale(req));
    return this.page(
      req,
      res,
      (ctx) => views.messagePage(ctx, t(title), message),
      undefined,
      status,
    );
  }

  private async csrfOk(req: WebRequest, res: Response, form: Form): Promise<boolean> {
    if (req.session.validCsrf(form._csrf)) return true;
    await this.message(req, res, 'login_title', translator(this.locale(req))('csrf'), 403);
    return false;
  }

  /** The onboarding or account id of a session at `stage`; otherwise back to the login page. */
  private async requireStage(
    req: WebRequest,
    res: Response,
    stage: Stage,
  ): Promise<string | undefined> {
    const { data } = req.session;
    const id = stage === 'credentials' ? data.onboardingId : (data.accountId ?? data.onboardingId);
    if (data.stage === stage && id) return id;
    await this.expired(req, res);
    return undefined;
  }

  private async expired(req: WebRequest, res: Response): Promise<void> {
    req.session.data.notice = 'session_expired';
    await this.redirect(req, res, '/login');
  }

  private takeNotice(req: WebRequest): string | undefined {
    const key = req.session.data.notice as MessageKey | undefined;
    delete req.session.data.notice;
    return key ? translator(this.locale(req))(key) : undefined;
  }

  private async inviteLocale(invite: string | undefined): Promise<Locale | undefined> {
    if (!invite) return undefined;
    return (await this.activation.onboarding(invite).catch(() => undefined))?.locale;
  }

  private async showTwoFactor(
    req: WebRequest,
    res: Response,
    { otpauthUri, secret }: { otpauthUri: string; secret: string },
    errors: views.FieldError[],
    notice?: string,
  ) {
    // SVG: a tenth of the CPU of a PNG (no deflate), and as sharp on any screen.
    const svg = await qrSvg(otpauthUri, { type: 'svg', margin: 1, width: 220 });
    const qrDataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    await this.page(req, res, (ctx) =>
      views.twoFactorPage(ctx, { qrDataUrl, secret, errors, notice }),
    );
  }

  /** A refusal from the workflow or a service, as a friendly sentence in the page's language. */
  private problemMessage(req: WebRequest, error: unknown): string {
    const t = translator(this.locale(req));
    const brand = this.config.brand.name;
    if (error instanceof OnboardingRejectedError) return t(error.rejection, { brand });
    if (error instanceof ActivationError) return t(error.problem, { brand });
    if (error instanceof AuthError) {
      const time = error.until
        ? new Intl.DateTimeFormat(this.locale(req) === 'nl' ? 'nl-NL' : 'en-GB', {
            timeStyle: 'short',
            timeZone: this.config.brand.timeZone,
          }).format(error.until)
        : '';
      return t(error.problem === 'invalid_login' && error.until ? 'locked' : error.problem, {
        time,
      });
    }
    // A database, Redis or Temporal restart: nothing is lost, trying again soon works.
    if (isDependencyDown(error)) {
      this.logger.warn(error instanceof Error ? error.message : String(error));
      return t('unavailable');
    }
    // Anything else is our fault: logged for us, a plain apology for the employee.
    this.logger.error(error instanceof Error ? error.stack : String(error));
    return t('server_error');
  }
}
