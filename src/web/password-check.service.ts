import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { type PasswordRule, passwordRulesMet } from '../accounts/password-policy';
import { ActivationService } from '../activation/activation.service';
import { AuthService } from '../auth/auth.service';
import { PasswordResets } from '../auth/password-resets.service';
import { type PasswordOwner, passwordContext } from '../auth/password-context';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { ProblemException } from '../http/problem';
import type { SessionData } from '../sessions/session';
import type { Form } from './form';

export type RulesMet = Record<PasswordRule, boolean>;

/** Which password rules a candidate meets, for the forms that tick them off. */
@Injectable()
export class PasswordChecks {
  constructor(
    private readonly auth: AuthService,
    private readonly resets: PasswordResets,
    private readonly activation: ActivationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  rulesMet(
    password: string,
    owner: PasswordOwner,
    input: { email?: string; username?: string } = {},
  ): RulesMet {
    return passwordRulesMet(password, passwordContext(this.config, owner, input));
  }

  /**
   * For the form's script, while the form is being filled in: the rules for the account of a
   * reset link (`token`), for the onboarding whose credentials this session sets, or for the
   * signed-in account changing its password.
   */
  async forForm(form: Form, session: SessionData): Promise<RulesMet> {
    const { stage, accountId } = session;
    const owner = form.token
      ? await this.resets.resetTarget(form.token).catch(() => undefined)
      : stage === 'credentials' && accountId
        ? await this.activation.onboarding(accountId).catch(() => undefined)
        : stage === 'authenticated' && accountId
          ? ((await this.auth.account(accountId)) ?? undefined)
          : undefined;
    if (!owner) {
      throw new ProblemException(
        HttpStatus.FORBIDDEN,
        'no-password-form',
        'No password is being set in this session',
      );
    }
    return this.rulesMet(form.password ?? '', owner, {
      email: form.email,
      username: form.username,
    });
  }
}
