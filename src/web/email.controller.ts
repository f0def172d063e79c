import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { EmailChanges } from '../auth/email-changes.service';
import { FormPages } from './csrf.guard';
import { type Form, FormPipe, QueryTextPipe } from './form';
import type { WebRequest } from './session.middleware';
import * as views from './views';
import { WebPages } from './web-pages.service';

/** A corrected e-mail address, confirmed from the link mailed to it. */
@FormPages('confirm-email')
export class EmailController {
  constructor(
    private readonly emailChanges: EmailChanges,
    private readonly pages: WebPages,
  ) {}

  @Get()
  async confirmPage(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Query('token', QueryTextPipe) token = '',
  ) {
    if (!(await this.emailChanges.isPending(token))) {
      const expired = this.pages.text(req, 'invalid_reset_link');
      return this.pages.message(req, res, 'confirm_email_title', expired);
    }
    await this.pages.page(req, res, (ctx) => views.confirmEmailPage(ctx, token));
  }

  @Post()
  async confirm(@Req() req: WebRequest, @Res() res: Response, @Body(FormPipe) form: Form) {
    let message: string;
    try {
      await this.emailChanges.confirm(form.token ?? '');
      message = this.pages.text(req, 'email_confirmed');
    } catch (error) {
      message = this.pages.problem(req, error);
    }
    await this.pages.message(req, res, 'confirm_email_title', message);
  }
}
