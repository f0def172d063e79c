import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ActivationService } from '../activation/activation.service';
import { AuthService } from '../auth/auth.service';
import { PasskeysService } from '../passkeys/passkeys.service';
import { FormPages } from './csrf.guard';
import { type Form, FormPipe, QueryTextPipe } from './form';
import { missingProof, proveForReenrolment } from './reenrolment';
import type { WebRequest } from './session.middleware';
import * as views from './views';
import { WebPages } from './web-pages.service';

/**
 * Logging in once active: password, then TOTP; the password again when re-enrolling after a
 * 2FA reset; the portal and logging out.
 */
@FormPages()
export class LoginController {
  constructor(
    private readonly auth: AuthService,
    private readonly activation: ActivationService,
    private readonly passkeys: PasskeysService,
    private readonly pages: WebPages,
  ) {}

  @Get()
  root(@Req() req: WebRequest, @Res() res: Response): Promise<void> {
    const to = req.session.data.stage === 'authenticated' ? '/portal' : '/login';
    return this.pages.redirect(req, res, to);
  }

  @Get('login')
  async loginPage(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Query('invite', QueryTextPipe) invite?: string,
  ) {
    // Opening the invite link changes nothing: mail scanners open links too.
    const notice = this.pages.takeNotice(req);
    const codeFirst = missingProof(req.session.data) === 'code';
    const onboarding = invite
      ? await this.activation.onboarding(invite).catch(() => undefined)
      : undefined;
    await this.pages.page(req, res, (ctx) => views.loginPage(ctx, { invite, notice, codeFirst }), {
      fallbackLocale: onboarding?.locale,
    });
  }

  @Post('login')
  async login(@Req() req: WebRequest, @Res() res: Response, @Body(FormPipe) form: Form) {
    try {
      const { account, next } = await this.auth.passwordLogin(
        (form.username ?? '').trim(),
        form.password ?? '',
        req.ip ?? '',
      );
      if (next === 'reenroll') {
        return await this.pages.redirect(
          req,
          res,
          await proveForReenrolment(req.session, account, 'password'),
        );
      }
      // A password without 2FA yet (a lost session during onboarding) leads to its setup.
      await req.session.rotate({
        accountId: account._id,
        onboardingLocale: account.locale,
        stage: next,
      });
      await this.pages.redirect(req, res, next === 'totp' ? '/login/totp' : '/account/2fa');
    } catch (error) {
      const message = this.pages.problem(req, error);
      await this.pages.page(req, res, (ctx) =>
        views.loginPage(ctx, { username: form.username, errors: [{ field: 'password', message }] }),
      );
    }
  }

  @Get('login/totp')
  async totpPage(@Req() req: WebRequest, @Res() res: Response) {
    const accountId = await this.pages.requireStage(req, res, 'totp');
    if (!accountId) return;
    const passkey = await this.hasPasskey(accountId);
    await this.pages.page(req, res, (ctx) => views.secondFactorPage(ctx, { passkey }));
  }

  @Post('login/totp')
  async totp(@Req() req: WebRequest, @Res() res: Response, @Body(FormPipe) form: Form) {
    const accountId = await this.pages.requireStage(req, res, 'totp');
    if (!accountId) return;
    try {
      const account = await this.auth.checkSecondFactor(accountId, form.token ?? '');
      await req.session.rotate({
        stage: 'authenticated',
        accountId,
        onboardingLocale: account.locale,
      });
      await this.pages.redirect(req, res, '/portal');
    } catch (error) {
      const message = this.pages.problem(req, error);
      const passkey = await this.hasPasskey(accountId);
      await this.pages.page(req, res, (ctx) =>
        views.secondFactorPage(ctx, { errors: [{ field: 'token', message }], passkey }),
      );
    }
  }

  @Get('login/password')
  async confirmPasswordPage(@Req() req: WebRequest, @Res() res: Response) {
    const accountId = await this.pages.requireStage(req, res, 'reenroll');
    if (!accountId) return;
    if (missingProof(req.session.data) !== 'password') {
      return this.pages.redirect(req, res, '/login');
    }
    const account = await this.auth.account(accountId);
    if (!account) return this.pages.expired(req, res);
    await this.pages.page(req, res, (ctx) =>
      views.confirmPasswordPage(ctx, { username: account.username }),
    );
  }

  @Post('login/password')
  async confirmPassword(@Req() req: WebRequest, @Res() res: Response, @Body(FormPipe) form: Form) {
    const accountId = await this.pages.requireStage(req, res, 'reenroll');
    if (!accountId) return;
    try {
      const account = await this.auth.confirmPassword(accountId, form.password ?? '', req.ip ?? '');
      await this.pages.redirect(
        req,
        res,
        await proveForReenrolment(req.session, account, 'password'),
      );
    } catch (error) {
      const message = this.pages.problem(req, error);
      const account = await this.auth.account(accountId);
      await this.pages.page(req, res, (ctx) =>
        views.confirmPasswordPage(ctx, {
          username: account?.username ?? '',
          errors: [{ field: 'password', message }],
        }),
      );
    }
  }

  @Get('portal')
  async portal(@Req() req: WebRequest, @Res() res: Response) {
    const accountId = await this.pages.requireStage(req, res, 'authenticated');
    if (!accountId) return;
    const account = await this.auth.account(accountId);
    if (!account) return this.pages.expired(req, res);
    await this.pages.page(req, res, (ctx) => views.portalPage(ctx, account.firstName));
  }

  @Post('logout')
  async logout(@Req() req: WebRequest, @Res() res: Response) {
    await req.session.destroy();
    req.session.data.notice = 'logged_out';
    await this.pages.redirect(req, res, '/login');
  }

  private async hasPasskey(accountId: string): Promise<boolean> {
    return (await this.passkeys.list(accountId)).length > 0;
  }
}
