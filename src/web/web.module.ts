import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ActivationModule } from '../activation/activation.module';
import { AccountSecurityModule } from '../auth/account-security.module';
import { AuthModule } from '../auth/auth.module';
import { PasskeysModule } from '../passkeys/passkeys.module';
import { SessionsModule } from '../sessions/sessions.module';
import { AccountSecurityController } from './account-security.controller';
import { ActivationController } from './activation.controller';
import { CodeRequestController } from './code-request.controller';
import { EmailController } from './email.controller';
import { LoginController } from './login.controller';
import { PasskeyController } from './passkey.controller';
import { PasswordCheckController } from './password-check.controller';
import { PasswordCheckLimit } from './password-check-limit.guard';
import { PasswordChecks } from './password-check.service';
import { PasswordResetController } from './password-reset.controller';
import { SecurityHeaders } from './security-headers';
import { SessionMiddleware } from './session.middleware';
import { WebPages } from './web-pages.service';

/** The employee's server-rendered pages, one controller per journey. */
const PAGES = [
  LoginController,
  ActivationController,
  PasskeyController,
  CodeRequestController,
  PasswordResetController,
  EmailController,
  PasswordCheckController,
  AccountSecurityController,
];

@Module({
  imports: [ActivationModule, AuthModule, AccountSecurityModule, PasskeysModule, SessionsModule],
  controllers: PAGES,
  providers: [SessionMiddleware, SecurityHeaders, WebPages, PasswordChecks, PasswordCheckLimit],
})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SecurityHeaders, SessionMiddleware).forRoutes(...PAGES);
  }
}
