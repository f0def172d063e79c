import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CredentialsRejectedError } from '../activation/activation.errors';
import { PasswordResets } from '../auth/password-resets.service';
import { FormPages } from './csrf.guard';
import { type Form, FormPipe, QueryTextPipe } from './form';
import { PasswordChecks } from './password-check.service';
import type { WebRequest } from './session.middleware';
import * as views from './views';
import { WebPages } from './web-pages.service';

/** A forgotten password: a mailed link, then a new password. */
@FormPages()
export class PasswordResetController {
  constructor(
    private readonly resets: PasswordResets,
    private readonly passwordChecks: PasswordChecks,
    private readonly pages: WebPages,
  ) {}

  @Get('forgot-password')
  forgotPage(@Req() req: WebRequest, @Res() res: Response) {
    return this.pages.page(req, res, (ctx) => views.forgotPasswordPage(ctx, {}));
  }

  @Post('forgot-password')
  async forgot(@Req() req: WebRequest, @Res() res: Response, @Body(FormPipe) form: Form) {
    // Not awaited: the answer and its timing are the same whether or not the account exists.
    this.resets.requestPasswordReset(form.identifier ?? '', req.ip ?? '').catch(() => undefined);
    await this.pages.page(req, res, (ctx) => views.forgotPasswordPage(ctx, { sent: true }));
  }

  @Get('reset-password')
  async resetPage(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Query('token', QueryTextPipe) token = '',
  ) {
    try {
      const account = await this.resets.resetTarget(token);
      await this.pages.page(req, res, (ctx) => views.resetPasswordPage(ctx, { token }), {
        fallbackLocale: account.locale,
      });
    } catch (error) {
      await this.pages.message(req, res, 'reset_title', this.pages.problem(req, error));
    }
  }

  @Post('reset-password')
  async reset(@Req() req: WebRequest, @Res() res: Response, @Body(FormPipe) form: Form) {
    try {
      await this.setPassword(req, res, form);
    } catch (error) {
      await this.pages.message(req, res, 'reset_title', this.pages.problem(req, error));
    }
  }

  /** The new password, or the form again with each broken rule named and each rule ticked off. */
  private async setPassword(req: WebRequest, res: Response, form: Form): Promise<void> {
    const token = form.token ?? '';
    const password = form.password ?? '';
    try {
      await this.resets.resetPassword(token, password, form.repeat ?? '');
    } catch (error) {
      if (!(error instanceof CredentialsRejectedError)) throw error;
      const account = await this.resets.resetTarget(token);
      const met = this.passwordChecks.rulesMet(password, account, { username: account.username });
      const errors = this.pages.ruleErrors(req, error.issues);
      return this.pages.page(req, res, (ctx) =>
        views.resetPasswordPage(ctx, { token, errors, met }),
      );
    }
    await req.session.destroy();
    req.session.data.notice = 'reset_done';
    await this.pages.redirect(req, res, '/login');
  }
}
