import { Body, HttpException, HttpStatus, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { ActivationService } from '../activation/activation.service';
import { AccountSecurity } from '../auth/account-security.service';
import { AuthService } from '../auth/auth.service';
import { isDependencyDown } from '../http/dependency-down';
import { formatDate } from '../i18n/i18n';
import { authenticationResponseSchema, registrationResponseSchema } from '../passkeys/passkey.dto';
import { PasskeyError } from '../passkeys/passkey.errors';
import { PasskeysService } from '../passkeys/passkeys.service';
import { SecretsService } from '../security/secrets.service';
import { FormPages } from './csrf.guard';
import { mayAddPasskey } from './passkey-enrolment';
import type { WebRequest } from './session.middleware';
import { WebPages } from './web-pages.service';

/**
 * The passkey ceremonies behind the buttons on the 2FA and login pages: app.js asks for
 * options, the browser asks the authenticator, app.js posts the answer. JSON both ways, the
 * session's form token in the body like every form.
 */
@FormPages()
export class PasskeyController {
  constructor(
    private readonly passkeys: PasskeysService,
    private readonly activation: ActivationService,
    private readonly auth: AuthService,
    private readonly security: AccountSecurity,
    private readonly secrets: SecretsService,
    private readonly pages: WebPages,
  ) {}

  @Post('account/2fa/passkey/options')
  async enrolOptions(@Req() req: WebRequest, @Res() res: Response) {
    const accountId = this.stage(req, 'two_factor_setup');
    if (!accountId) return this.signedOut(req, res);
    await this.answer(req, res, async () => {
      const account = await this.auth.account(accountId);
      if (!account) throw new PasskeyError('passkey_expired');
      return this.passkeys.registrationOptions(account, req.session.id);
    });
  }

  @Post('account/2fa/passkey')
  async enrol(@Req() req: WebRequest, @Res() res: Response, @Body() body: unknown) {
    const accountId = this.stage(req, 'two_factor_setup');
    if (!accountId) return this.signedOut(req, res);
    await this.answer(req, res, async () => {
      const response = parse(registrationResponseSchema, body);
      const name = this.defaultName(req);
      const { recoveryCodes } = await this.activation.activateWithPasskey(accountId, {
        sessionId: req.session.id,
        response,
        name,
      });
      // As after the app: a new session, the recovery codes shown once on the next page.
      await req.session.rotate({
        stage: 'authenticated',
        accountId,
        recoveryCodesSealed: this.secrets.sealRecoveryCodes(accountId, recoveryCodes),
      });
      return { redirect: '/account/recovery-codes' };
    });
  }

  /** No username typed; at the second step after a password, only that account's passkeys. */
  @Post('login/passkey/options')
  async loginOptions(@Req() req: WebRequest, @Res() res: Response) {
    await this.answer(req, res, () =>
      this.auth.passkeyLoginOptions(req.session.id, req.ip ?? '', this.stage(req, 'totp')),
    );
  }

  @Post('login/passkey')
  async login(@Req() req: WebRequest, @Res() res: Response, @Body() body: unknown) {
    await this.answer(req, res, async () => {
      const response = parse(authenticationResponseSchema, body);
      const account = await this.auth.passkeyLogin(
        req.session.id,
        response,
        req.ip ?? '',
        this.stage(req, 'totp'),
      );
      await req.session.rotate({
        stage: 'authenticated',
        accountId: account._id,
        onboardingLocale: account.locale,
      });
      return { redirect: '/portal' };
    });
  }

  /** A new passkey from the security page, once both factors were proven (mayAddPasskey). */
  @Post('account/security/passkeys/options')
  async addOptions(@Req() req: WebRequest, @Res() res: Response) {
    const accountId = this.stage(req, 'authenticated');
    if (!accountId || !mayAddPasskey(req)) return this.signedOut(req, res);
    await this.answer(req, res, async () =>
      this.passkeys.registrationOptions(await this.security.account(accountId), req.session.id),
    );
  }

  @Post('account/security/passkeys/verify')
  async add(@Req() req: WebRequest, @Res() res: Response, @Body() body: unknown) {
    const accountId = this.stage(req, 'authenticated');
    if (!accountId || !mayAddPasskey(req)) return this.signedOut(req, res);
    await this.answer(req, res, async () => {
      const response = parse(registrationResponseSchema, body);
      await this.security.addPasskey(accountId, req.session.id, response, this.defaultName(req));
      await this.pages.stayIn(req, accountId, 'security_passkey_added');
      return { redirect: '/account/security' };
    });
  }

  /** "Passkey van 4 dec 2026": the employee may rename it on the security page. */
  private defaultName(req: WebRequest): string {
    const date = formatDate(this.pages.locale(req), new Date(), { dateStyle: 'medium' });
    return this.pages.text(req, 'passkey_default_name', { date });
  }

  private stage(
    req: WebRequest,
    stage: 'two_factor_setup' | 'totp' | 'authenticated',
  ): string | undefined {
    const { stage: current, accountId } = req.session.data;
    return current === stage ? accountId : undefined;
  }

  private signedOut(req: WebRequest, res: Response): Promise<void> {
    req.session.data.notice = 'session_expired';
    return this.pages.json(req, res, { redirect: '/login' }, 401);
  }

  /** The step's JSON, or `{ error }` in the page's language with the refusal's status. */
  private async answer(req: WebRequest, res: Response, step: () => Promise<object>) {
    try {
      await this.pages.json(req, res, await step());
    } catch (error) {
      const status =
        error instanceof HttpException
          ? error.getStatus()
          : isDependencyDown(error)
            ? HttpStatus.SERVICE_UNAVAILABLE
            : HttpStatus.INTERNAL_SERVER_ERROR;
      await this.pages.json(req, res, { error: this.pages.problem(req, error) }, status);
    }
  }
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = z.object({ response: schema }).safeParse(body);
  if (!parsed.success) throw new PasskeyError('passkey_refused');
  return parsed.data.response;
}
