import { Body, Get, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CodeRequests } from '../activation/code-requests.service';
import { FormPages } from './csrf.guard';
import { type Form, FormPipe } from './form';
import type { WebRequest } from './session.middleware';
import * as views from './views';
import { WebPages } from './web-pages.service';

/** "No code, or it expired?": a new login code by mail, or HR asked to reissue. */
@FormPages()
export class CodeRequestController {
  constructor(
    private readonly codeRequests: CodeRequests,
    private readonly pages: WebPages,
  ) {}

  @Get('login/new-code')
  requestPage(@Req() req: WebRequest, @Res() res: Response) {
    return this.pages.page(req, res, (ctx) => views.codeRequestPage(ctx, {}));
  }

  @Post('login/new-code')
  request(@Req() req: WebRequest, @Res() res: Response, @Body(FormPipe) form: Form) {
    // Not awaited: the answer and its timing are the same whether or not an onboarding matches.
    this.codeRequests.start(form.email ?? '', req.ip ?? '');
    return this.pages.page(req, res, (ctx) => views.codeRequestPage(ctx, { sent: true }));
  }
}
