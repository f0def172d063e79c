// The pages after activation: TOTP login, the portal, password reset, e-mail confirmation.
import { html, join } from '../../http/html';
import {
  type FieldError,
  csrfField,
  field,
  layout,
  none,
  notice,
  type PageContext,
  passkeyButton,
  passwordRules,
  requestPage,
} from './layout';
import type { BrandConfig } from '../../config/config.schema';
import { DEFAULT_LOCALE, type Locale } from '../../i18n/i18n';

/** After the password: the app's code or a recovery code, or one of the account's passkeys. */
export function secondFactorPage(
  ctx: PageContext,
  s: { errors?: FieldError[]; passkey: boolean },
): string {
  const { t } = ctx;
  const errors = s.errors ?? [];
  const body = html`<p>${t('totp_intro')}</p>
    <form method="post" action="/login/totp" novalidate>
      ${csrfField(ctx)}
      ${field(ctx, { name: 'token', label: t('code_input'), autocomplete: 'one-time-code', required: true, errors })}
      <button type="submit">${t('login_button')}</button>
    </form>
    ${
      s.passkey && ctx.passkeys.offered
        ? passkeyButton(ctx, {
            ceremony: 'login',
            options: '/login/passkey/options',
            verify: '/login/passkey',
            label: t('use_passkey'),
          })
        : none
    }`;
  return layout(ctx, t('totp_title'), body, errors);
}

export function portalPage(ctx: PageContext, firstName: string): string {
  const { t, brand, locale } = ctx;
  // The brand file has a landing page per language; the default's is never missing.
  const pages: Partial<Record<Locale, BrandConfig['portal'][typeof DEFAULT_LOCALE]>> = brand.portal;
  const content = pages[locale] ?? brand.portal[DEFAULT_LOCALE];
  const body = html`<h2>${content.title}</h2>
    ${join(content.paragraphs.map((p) => html`<p>${p}</p>`))}
    <p><a href="/account/security">${t('security_title')}</a></p>
    <form method="post" action="/logout">
      ${csrfField(ctx)}<button type="submit">${t('logout')}</button>
    </form>`;
  return layout(ctx, t('hello', { name: firstName }), body);
}

export function forgotPasswordPage(
  ctx: PageContext,
  s: { sent?: boolean; identifier?: string },
): string {
  const { t } = ctx;
  const form = {
    title: t('forgot_title'),
    intro: t('forgot_intro'),
    action: '/forgot-password',
    input: {
      name: 'identifier',
      label: t('identifier'),
      value: s.identifier,
      autocomplete: 'username',
      required: true,
    },
    button: t('send_link'),
  };
  return requestPage(ctx, form, s.sent ? t('forgot_sent') : undefined);
}

export function resetPasswordPage(
  ctx: PageContext,
  s: { token: string; errors?: FieldError[]; met?: Partial<Record<string, boolean>> },
): string {
  const { t } = ctx;
  const errors = s.errors ?? [];
  const body = html`<form method="post" action="/reset-password" novalidate data-password-form>
    ${csrfField(ctx)}
    <input type="hidden" name="token" value="${s.token}" />
    ${field(ctx, { name: 'password', label: t('new_password'), type: 'password', autocomplete: 'new-password', required: true, errors, after: passwordRules(ctx, s.met ?? {}) })}
    ${field(ctx, { name: 'repeat', label: t('repeat_password'), type: 'password', autocomplete: 'new-password', required: true, errors })}
    <button type="submit">${t('save')}</button>
  </form>`;
  return layout(ctx, t('reset_title'), body, errors);
}

/** After a 2FA reset: the password, beside the newly mailed code, before a new 2FA. */
export function confirmPasswordPage(
  ctx: PageContext,
  s: { username: string; errors?: FieldError[] },
): string {
  const { t } = ctx;
  const errors = s.errors ?? [];
  const body = html`<p>${t('confirm_password_intro')}</p>
    <form method="post" action="/login/password" novalidate>
      ${csrfField(ctx)}
      <input type="hidden" name="username" value="${s.username}" autocomplete="username" />
      ${field(ctx, { name: 'password', label: t('password'), type: 'password', autocomplete: 'current-password', required: true, errors })}
      <button type="submit">${t('confirm_button')}</button>
    </form>`;
  return layout(ctx, t('confirm_password_title'), body, errors);
}

/** The link from the confirmation mail: a button, since mail scanners open links too. */
export function confirmEmailPage(ctx: PageContext, token: string): string {
  const { t } = ctx;
  const body = html`<p>${t('confirm_email_intro')}</p>
    <form method="post" action="/confirm-email">
      ${csrfField(ctx)}
      <input type="hidden" name="token" value="${token}" />
      <button type="submit">${t('confirm_email_button')}</button>
    </form>`;
  return layout(ctx, t('confirm_email_title'), body);
}

export function messagePage(ctx: PageContext, title: string, message: string): string {
  return layout(
    ctx,
    title,
    html`${notice(message)}
      <p><a href="/login">${ctx.t('back_to_login')}</a></p>`,
  );
}
