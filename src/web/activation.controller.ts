import { Body, Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CredentialsRejectedError } from '../activation/activation.errors';
import { ActivationService } from '../activation/activation.service';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { OnboardingRejectedError } from '../onboardings/onboarding-rejections';
import { passkeysOffered } from '../passkeys/passkeys.service';
import { SecretsService } from '../security/secrets.service';
import { FormPages } from './csrf.guard';
import { type Form, FormPipe } from './form';
import { PasswordChecks } from './password-check.service';
import { proveForReenrolment } from './reenrolment';
import type { WebRequest } from './session.middleware';
import * as views from './views';
import { WebPages } from './web-pages.service';

/** The first visit: the mailed login code, credentials, 2FA setup and the recovery codes. */
@FormPages()
export class ActivationController {
  constructor(
    private readonly activation: ActivationService,
    private readonly passwordChecks: PasswordChecks,
    private readonly secrets: SecretsService,
    private readonly pages: WebPages,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('login/code')
  async redeemCode(@Req() req: WebRequest, @Res() res: Response, @Body(FormPipe) form: Form) {
    const invite = form.invite || undefined;
    try {
      const { onboarding, reenrolment } = await this.activation.redeemCode({
        code: form.code ?? '',
        inviteRef: invite,
        clientAddress: req.ip ?? '',
      });
      if (reenrolment) {
        return await this.pages.redirect(
          req,
          res,
          await proveForReenrolment(req.session, onboarding, 'code'),
        );
      }
      await req.session.rotate({
        accountId: onboarding._id,
        onboardingLocale: onboarding.locale,
        stage: 'credentials',
      });
      await this.pages.redirect(req, res, '/account/credentials');
    } catch (error) {
      const message = this.pages.problem(req, error);
      await this.pages.page(req, res, (ctx) =>
        views.loginPage(ctx, { invite, code: form.code, errors: [{ field: 'code', message }] }),
      );
    }
  }

  @Get('account/credentials')
  async credentialsPage(@Req() req: WebRequest, @Res() res: Response) {
    const onboardingId = await this.pages.requireStage(req, res, 'credentials');
    if (!onboardingId) return;
    const onboarding = await this.activation.onboarding(onboardingId);
    await this.pages.page(
      req,
      res,
      (ctx) => views.credentialsPage(ctx, { email: onboarding.email }),
      {
        fallbackLocale: onboarding.locale,
      },
    );
  }

  @Post('account/credentials')
  async setCredentials(@Req() req: WebRequest, @Res() res: Response, @Body(FormPipe) form: Form) {
    const onboardingId = await this.pages.requireStage(req, res, 'credentials');
    if (!onboardingId) return;
    const input = {
      email: (form.email ?? '').trim(),
      username: (form.username ?? '').trim(),
      password: form.password ?? '',
      repeat: form.repeat ?? '',
    };
    // Only a refused submit shows the form again, with each rule ticked off or not.
    const again = async (errors: views.FieldError[]) => {
      const onboarding = await this.activation.onboarding(onboardingId);
      const met = this.passwordChecks.rulesMet(input.password, onboarding, input);
      await this.pages.page(req, res, (ctx) =>
        views.credentialsPage(ctx, { email: input.email, username: input.username, errors, met }),
      );
    };
    let result: { emailChange: boolean };
    try {
      // It checks the rules itself (once: the strength estimate is the costly part of a submit).
      result = await this.activation.setCredentials(onboardingId, input);
    } catch (error) {
      if (error instanceof CredentialsRejectedError) {
        return again(this.pages.ruleErrors(req, error.issues));
      }
      if (error instanceof OnboardingRejectedError && error.rejection === 'username_taken') {
        return again([{ field: 'username', message: this.pages.text(req, 'username_taken') }]);
      }
      return again([{ message: this.pages.problem(req, error) }]);
    }
    req.session.data.stage = 'two_factor_setup';
    if (result.emailChange) req.session.data.notice = 'email_confirm_sent';
    await this.pages.redirect(req, res, '/account/2fa');
  }

  @Get('account/2fa')
  async twoFactorPage(@Req() req: WebRequest, @Res() res: Response) {
    const accountId = await this.pages.requireStage(req, res, 'two_factor_setup');
    if (!accountId) return;
    try {
      if (passkeysOffered(this.config).required) {
        return await this.pages.page(req, res, (ctx) =>
          views.twoFactorPage(ctx, { notice: this.pages.takeNotice(req) }),
        );
      }
      // A new page, a new secret: no other session ever sees it, and it reaches the account
      // only once a code from it is verified.
      const enrolment = await this.activation.totpEnrolment(accountId);
      req.session.data.pendingTotpSealed = this.secrets.sealTotpSecret(accountId, enrolment.secret);
      await this.pages.twoFactor(req, res, enrolment, { notice: this.pages.takeNotice(req) });
    } catch (error) {
      await this.pages.message(req, res, 'twofa_title', this.pages.problem(req, error));
    }
  }

  @Post('account/2fa')
  async activateTwoFactor(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Body(FormPipe) form: Form,
  ) {
    const accountId = await this.pages.requireStage(req, res, 'two_factor_setup');
    if (!accountId) return;
    const sealed = req.session.data.pendingTotpSealed;
    if (!sealed) return this.pages.redirect(req, res, '/account/2fa');
    const secret = this.secrets.openTotpSecret(accountId, sealed);
    try {
      const { recoveryCodes } = await this.activation.activateTwoFactor(
        accountId,
        secret,
        (form.token ?? '').replace(/\s/g, ''),
      );
      await req.session.rotate({
        stage: 'authenticated',
        accountId,
        recoveryCodesSealed: this.secrets.sealRecoveryCodes(accountId, recoveryCodes),
      });
      await this.pages.redirect(req, res, '/account/recovery-codes');
    } catch (error) {
      // The same page again, with the secret the phone has scanned already; or, if there is
      // no 2FA to set up any more (active meanwhile), the reason alone.
      const message = this.pages.problem(req, error);
      const enrolment = await this.activation
        .totpEnrolment(accountId, secret)
        .catch(() => undefined);
      if (!enrolment) return this.pages.message(req, res, 'twofa_title', message);
      await this.pages.twoFactor(req, res, enrolment, { errors: [{ field: 'token', message }] });
    }
  }

  @Get('account/recovery-codes')
  async recoveryCodes(@Req() req: WebRequest, @Res() res: Response) {
    const { recoveryCodesSealed, stage, accountId } = req.session.data;
    if (!recoveryCodesSealed || !accountId || stage !== 'authenticated')
      return this.pages.redirect(req, res, '/portal');
    const codes = this.secrets.openRecoveryCodes(accountId, recoveryCodesSealed);
    // Shown once: gone from the session as soon as this page is rendered.
    delete req.session.data.recoveryCodesSealed;
    await this.pages.page(req, res, (ctx) => views.recoveryCodesPage(ctx, codes));
  }
}
