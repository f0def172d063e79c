import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CredentialsRejectedError } from '../activation/activation.errors';
import { AccountSecurity } from '../auth/account-security.service';
import { AuthError } from '../auth/auth.errors';
import { SecretsService } from '../security/secrets.service';
import { FormPages } from './csrf.guard';
import { type Form, FormPipe } from './form';
import { allowPasskeyAdd, mayAddPasskey } from './passkey-enrolment';
import { PasswordChecks } from './password-check.service';
import type { WebRequest } from './session.middleware';
import * as views from './views';
import { WebPages } from './web-pages.service';

/**
 * "Beveiliging": a signed-in employee's password, authenticator, recovery codes and sessions.
 * Each form posts to its own route; a refusal shows the page again with the error at its form.
 */
@FormPages('account/security')
export class AccountSecurityController {
  constructor(
    private readonly security: AccountSecurity,
    private readonly passwordChecks: PasswordChecks,
    private readonly secrets: SecretsService,
    private readonly pages: WebPages,
  ) {}

  @Get()
  async page(@Req() req: WebRequest, @Res() res: Response) {
    const accountId = await this.pages.requireStage(req, res, 'authenticated');
    if (!accountId) return;
    await this.show(req, res, accountId, { notice: this.pages.takeNotice(req) });
  }

  @Post('password')
  async changePassword(@Req() req: WebRequest, @Res() res: Response, @Body(FormPipe) form: Form) {
    const accountId = await this.pages.requireStage(req, res, 'authenticated');
    if (!accountId) return;
    const newPassword = form.password ?? '';
    try {
      const input = {
        password: form.current_password ?? '',
        secondFactor: form.password_token ?? '',
        newPassword,
        repeat: form.repeat ?? '',
      };
      await this.security.changePassword(accountId, input, req.ip ?? '');
    } catch (error) {
      const account = await this.security.account(accountId);
      const met = this.passwordChecks.rulesMet(newPassword, account, {
        username: account.username,
      });
      const errors =
        error instanceof CredentialsRejectedError
          ? this.pages.ruleErrors(req, error.issues)
          : this.refusal(req, error, { password: 'current_password', code: 'password_token' });
      return this.show(req, res, accountId, { errors, met });
    }
    await this.pages.stayIn(req, accountId, 'security_password_changed');
    await this.pages.redirect(req, res, '/account/security');
  }

  @Post('authenticator')
  async startAuthenticator(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Body(FormPipe) form: Form,
  ) {
    const accountId = await this.pages.requireStage(req, res, 'authenticated');
    if (!accountId) return;
    try {
      const proof = {
        password: form.authenticator_password ?? '',
        secondFactor: form.authenticator_token ?? '',
      };
      const { secret } = await this.security.startAuthenticatorChange(
        accountId,
        proof,
        req.ip ?? '',
      );
      // As at activation: the new secret waits in this session until a code from it is typed.
      req.session.data.pendingTotpSealed = this.secrets.sealTotpSecret(accountId, secret);
    } catch (error) {
      const errors = this.refusal(req, error, {
        password: 'authenticator_password',
        code: 'authenticator_token',
      });
      return this.show(req, res, accountId, { errors });
    }
    await this.pages.redirect(req, res, '/account/security/authenticator');
  }

  @Get('authenticator')
  async authenticatorPage(@Req() req: WebRequest, @Res() res: Response) {
    const accountId = await this.pages.requireStage(req, res, 'authenticated');
    if (!accountId) return;
    const secret = this.pendingSecret(req, accountId);
    if (!secret) return this.pages.redirect(req, res, '/account/security');
    await this.showAuthenticator(req, res, accountId, secret, []);
  }

  @Post('authenticator/confirm')
  async confirmAuthenticator(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Body(FormPipe) form: Form,
  ) {
    const accountId = await this.pages.requireStage(req, res, 'authenticated');
    if (!accountId) return;
    const secret = this.pendingSecret(req, accountId);
    if (!secret) return this.pages.redirect(req, res, '/account/security');
    try {
      await this.security.replaceAuthenticator(accountId, secret, form.token ?? '');
    } catch (error) {
      const errors = [{ field: 'token', message: this.pages.problem(req, error) }];
      return this.showAuthenticator(req, res, accountId, secret, errors);
    }
    await this.pages.stayIn(req, accountId, 'security_authenticator_changed');
    await this.pages.redirect(req, res, '/account/security');
  }

  @Post('recovery-codes')
  async renewRecoveryCodes(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Body(FormPipe) form: Form,
  ) {
    const accountId = await this.pages.requireStage(req, res, 'authenticated');
    if (!accountId) return;
    try {
      const codes = await this.security.renewRecoveryCodes(accountId, form.recovery_token ?? '');
      await this.pages.stayIn(req, accountId);
      // The page after activation shows them once, from the session.
      req.session.data.recoveryCodesSealed = this.secrets.sealRecoveryCodes(accountId, codes);
    } catch (error) {
      const errors = this.refusal(req, error, { code: 'recovery_token' });
      return this.show(req, res, accountId, { errors });
    }
    await this.pages.redirect(req, res, '/account/recovery-codes');
  }

  /** Both factors first; then, for a few minutes, this session may add a passkey. */
  @Post('passkeys')
  async allowPasskey(@Req() req: WebRequest, @Res() res: Response, @Body(FormPipe) form: Form) {
    const accountId = await this.pages.requireStage(req, res, 'authenticated');
    if (!accountId) return;
    try {
      const proof = {
        password: form.passkey_password ?? '',
        secondFactor: form.passkey_token ?? '',
      };
      await this.security.allowPasskeyAdd(accountId, proof, req.ip ?? '');
    } catch (error) {
      const errors = this.refusal(req, error, {
        password: 'passkey_password',
        code: 'passkey_token',
      });
      return this.show(req, res, accountId, { errors });
    }
    allowPasskeyAdd(req);
    await this.pages.redirect(req, res, '/account/security/passkeys/new');
  }

  @Get('passkeys/new')
  async newPasskeyPage(@Req() req: WebRequest, @Res() res: Response) {
    const accountId = await this.pages.requireStage(req, res, 'authenticated');
    if (!accountId) return;
    if (!mayAddPasskey(req)) return this.pages.redirect(req, res, '/account/security');
    await this.pages.page(req, res, (ctx) => views.newPasskeyPage(ctx));
  }

  @Post('passkeys/:id/rename')
  renamePasskey(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id') id: string,
    @Body(FormPipe) form: Form,
  ) {
    return this.changePasskey(req, res, id, async (accountId) => {
      await this.security.renamePasskey(accountId, id, form.name ?? '');
      req.session.data.notice = 'security_passkey_renamed';
    });
  }

  @Post('passkeys/:id/remove')
  removePasskey(@Req() req: WebRequest, @Res() res: Response, @Param('id') id: string) {
    return this.changePasskey(req, res, id, async (accountId) => {
      await this.security.removePasskey(accountId, id);
      await this.pages.stayIn(req, accountId, 'security_passkey_removed');
    });
  }

  @Post('sign-out-everywhere')
  async signOutEverywhere(@Req() req: WebRequest, @Res() res: Response) {
    const accountId = await this.pages.requireStage(req, res, 'authenticated');
    if (!accountId) return;
    await this.security.signOutEverywhere(accountId);
    await req.session.destroy();
    req.session.data.notice = 'signed_out_everywhere';
    await this.pages.redirect(req, res, '/login');
  }

  private async show(
    req: WebRequest,
    res: Response,
    accountId: string,
    s: Pick<views.SecurityPageState, 'notice' | 'errors' | 'met'>,
  ): Promise<void> {
    const account = await this.security.account(accountId);
    const passkeys = await this.security.listPasskeys(accountId);
    const sessions = (await this.security.listSessions(accountId)).map(({ id, ...row }) => ({
      ...row,
      current: id === req.session.id,
    }));
    await this.pages.page(req, res, (ctx) =>
      views.securityPage(ctx, { ...s, username: account.username, sessions, passkeys }),
    );
  }

  /** One passkey's change; a refusal shows beside that passkey. */
  private async changePasskey(
    req: WebRequest,
    res: Response,
    id: string,
    change: (accountId: string) => Promise<void>,
  ): Promise<void> {
    const accountId = await this.pages.requireStage(req, res, 'authenticated');
    if (!accountId) return;
    try {
      await change(accountId);
    } catch (error) {
      const errors = [{ field: `passkey-${id}`, message: this.pages.problem(req, error) }];
      return this.show(req, res, accountId, { errors });
    }
    await this.pages.redirect(req, res, '/account/security');
  }

  private async showAuthenticator(
    req: WebRequest,
    res: Response,
    accountId: string,
    secret: string,
    errors: views.FieldError[],
  ): Promise<void> {
    const enrolment = await this.security.authenticatorEnrolment(accountId, secret);
    await this.pages.twoFactor(req, res, enrolment, {
      errors,
      action: '/account/security/authenticator/confirm',
      title: this.pages.text(req, 'security_authenticator_title'),
    });
  }

  private pendingSecret(req: WebRequest, accountId: string): string | undefined {
    const sealed = req.session.data.pendingTotpSealed;
    return sealed ? this.secrets.openTotpSecret(accountId, sealed) : undefined;
  }

  /** A refused proof, beside the field it is about: the password, or the second factor. */
  private refusal(
    req: WebRequest,
    error: unknown,
    fields: { password?: string; code: string },
  ): views.FieldError[] {
    const aboutCode =
      error instanceof AuthError &&
      (error.problem === 'invalid_totp' || error.problem === 'totp_replayed');
    const field = aboutCode ? fields.code : (fields.password ?? fields.code);
    return [{ field, message: this.pages.problem(req, error) }];
  }
}
