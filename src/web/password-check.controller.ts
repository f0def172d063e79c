import { Body, Controller, HttpCode, HttpStatus, Post, Req, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CsrfGuard } from './csrf.guard';
import { type Form, FormPipe } from './form';
import { PasswordCheckLimit } from './password-check-limit.guard';
import { PasswordChecks, type RulesMet } from './password-check.service';
import type { WebRequest } from './session.middleware';

/**
 * For the password forms' script: which rules hold so far. The script ignores refusals;
 * whoever else calls learns why (problem+json).
 */
@ApiExcludeController()
@Controller('password-check')
export class PasswordCheckController {
  constructor(private readonly checks: PasswordChecks) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @UseGuards(CsrfGuard, PasswordCheckLimit)
  rules(@Req() req: WebRequest, @Body(FormPipe) form: Form): Promise<RulesMet> {
    return this.checks.forForm(form, req.session.data);
  }
}
