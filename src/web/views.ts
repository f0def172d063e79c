import type { BrandConfig } from '../config/config.schema';
import { html, type Html, join } from '../http/html';
import { PASSWORD_RULES } from '../accounts/password-policy';
import { ruleText } from '../activation/credential-rules';
import { DEFAULT_LOCALE, type Locale, LOCALES, localeName, type Translate } from '../i18n/i18n';

export interface PageContext {
  t: Translate;
  locale: Locale;
  brand: BrandConfig;
  csrf: string;
  /** The current path, for the language switch. */
  path: string;
}

/** A problem to show: next to its field (if it has one) and in the summary on top. */
export interface FieldError {
  field?: string;
  message: string;
}

const none = html``;

export function layout(
  ctx: PageContext,
  title: string,
  body: Html,
  errors: FieldError[] = [],
): string {
  const { t, brand, locale } = ctx;
  const switches = LOCALES.filter((other) => other !== locale).map(
    (other) =>
      html`<a class="lang" href="${ctx.path}?lang=${other}" hreflang="${other}" lang="${other}"
        >${localeName(other)}</a
      >`,
  );
  const summary = errors.length
    ? html`<div class="errors" role="alert" tabindex="-1" id="error-summary">
        <p>${t('error_summary')}</p>
        <ul>
          ${join(
            errors.map((e) =>
              e.field
                ? html`<li><a href="#${e.field}">${e.message}</a></li>`
                : html`<li>${e.message}</li>`,
            ),
          )}
        </ul>
      </div>`
    : none;
  return html`<!doctype html>
    <html lang="${locale}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · ${brand.name}</title>
        <link rel="stylesheet" href="/assets/app.css" />
        <script src="/assets/app.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">${t('skip')}</a>
        <header><span class="brand">${brand.name}</span>${join(switches)}</header>
        <main id="main">
          <h1>${title}</h1>
          ${summary} ${body}
        </main>
        <footer>
          <strong>${brand.name}</strong> · T: ${brand.contact.phone} · E: ${brand.contact.email} ·
          I: ${brand.contact.website}
        </footer>
      </body>
    </html> `.value;
}

export function csrfField(ctx: PageContext): Html {
  return html`<input type="hidden" name="_csrf" value="${ctx.csrf}" />`;
}

export interface FieldOptions {
  name: string;
  label: string;
  type?: 'text' | 'password' | 'email';
  value?: string;
  autocomplete?: string;
  required?: boolean;
  hint?: string;
  inputmode?: 'numeric' | 'text';
  errors?: FieldError[];
  /** Extra content under the input (the password rules). */
  after?: Html;
}

/** A labelled input; its errors are linked (aria-describedby) and it is marked invalid. */
export function field(ctx: PageContext, o: FieldOptions): Html {
  const mine = (o.errors ?? []).filter((e) => e.field === o.name);
  const described = [o.hint ? `${o.name}-hint` : '', mine.length ? `${o.name}-error` : '']
    .filter(Boolean)
    .join(' ');
  return html`<div class="field${mine.length ? ' invalid' : ''}">
    <label for="${o.name}"
      >${o.label}${o.required ? html` <span aria-hidden="true">*</span><span class="sr">(${ctx.t('required')})</span>` : none}</label
    >
    ${o.hint ? html`<p class="hint" id="${o.name}-hint">${o.hint}</p>` : none}
    ${mine.length ? html`<p class="error" id="${o.name}-error">${mine.map((e) => e.message).join(' ')}</p>` : none}
    <input
      id="${o.name}"
      name="${o.name}"
      type="${o.type ?? 'text'}"
      value="${o.value ?? ''}"
      ${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : none}${o.required ? html` required` : none}${o.inputmode ? html` inputmode="${o.inputmode}"` : none}${described ? html` aria-describedby="${described}"` : none}${mine.length ? html` aria-invalid="true"` : none}
    />
    ${o.after ?? none}
  </div>`;
}

export function notice(message: string | undefined): Html {
  return message ? html`<p class="notice" role="status">${message}</p>` : none;
}

export function loginPage(
  ctx: PageContext,
  s: {
    invite?: string;
    username?: string;
    code?: string;
    errors?: FieldError[];
    notice?: string;
    /** The code form first: an invite link, or a re-enrolment that still needs the code. */
    codeFirst?: boolean;
  },
): string {
  const { t } = ctx;
  const errors = s.errors ?? [];
  const password = html`<section aria-labelledby="login-heading">
    <h2 id="login-heading">${t('login_title')}</h2>
    <p>${t('login_intro')}</p>
    <form method="post" action="/login" novalidate>
      ${csrfField(ctx)}
      ${field(ctx, { name: 'username', label: t('username'), value: s.username, autocomplete: 'username', required: true, errors })}
      ${field(ctx, { name: 'password', label: t('password'), type: 'password', autocomplete: 'current-password', required: true, errors })}
      <button type="submit">${t('login_button')}</button>
    </form>
    <p><a href="/forgot-password">${t('forgot_link')}</a></p>
  </section>`;
  const code = html`<section aria-labelledby="code-heading">
    <h2 id="code-heading">${t('code_title')}</h2>
    <p>${t('code_intro')}</p>
    <form method="post" action="/login/code" novalidate>
      ${csrfField(ctx)}
      ${s.invite ? html`<input type="hidden" name="invite" value="${s.invite}" />` : none}
      ${field(ctx, { name: 'code', label: t('code_label'), value: s.code, autocomplete: 'one-time-code', required: true, hint: t('code_hint'), errors })}
      <button type="submit">${t('login_button')}</button>
    </form>
  </section>`;
  // Someone arriving from the invite needs the code form first, also on a phone.
  const body = html`${notice(s.notice)}
    <div class="columns">
      ${s.invite || s.codeFirst ? join([code, password]) : join([password, code])}
    </div>`;
  return layout(ctx, ctx.brand.portalName, body, errors);
}

function passwordRules(ctx: PageContext, met: Partial<Record<string, boolean>>): Html {
  return html`<div class="rules" id="password-rules">
    <p>${ctx.t('rules_title')}</p>
    <ul>
      ${join(
        PASSWORD_RULES.map(
          ({ id }) =>
            html`<li data-rule="${id}" class="${met[id] ? 'met' : ''}">${ruleText(ctx.t, id)}</li>`,
        ),
      )}
    </ul>
  </div>`;
}

export function credentialsPage(
  ctx: PageContext,
  s: {
    email: string;
    username?: string;
    errors?: FieldError[];
    met?: Partial<Record<string, boolean>>;
  },
): string {
  const { t } = ctx;
  const errors = s.errors ?? [];
  const body = html`<p>${t('credentials_intro')}</p>
    <form method="post" action="/account/credentials" novalidate data-password-form>
      ${csrfField(ctx)}
      ${field(ctx, { name: 'email', label: t('email'), type: 'email', value: s.email, autocomplete: 'email', required: true, errors })}
      ${field(ctx, { name: 'username', label: t('username'), value: s.username, autocomplete: 'username', required: true, errors, hint: t('rule_username_format') })}
      ${field(ctx, { name: 'password', label: t('new_password'), type: 'password', autocomplete: 'new-password', required: true, errors, after: passwordRules(ctx, s.met ?? {}) })}
      ${field(ctx, { name: 'repeat', label: t('repeat_password'), type: 'password', autocomplete: 'new-password', required: true, errors })}
      <button type="submit">${t('save')}</button>
    </form>`;
  return layout(ctx, t('credentials_title'), body, errors);
}

export function twoFactorPage(
  ctx: PageContext,
  s: { qrDataUrl: string; secret: string; errors?: FieldError[]; notice?: string },
): string {
  const { t } = ctx;
  const errors = s.errors ?? [];
  const grouped = s.secret.match(/.{1,4}/g)?.join(' ') ?? s.secret;
  const body = html`${notice(s.notice)}
    <p>${t('twofa_intro')}</p>
    <div class="twofa">
      <img class="qr" src="${s.qrDataUrl}" alt="${t('twofa_qr_alt')}" width="220" height="220" />
      <div>
        <p>${t('twofa_app_line', { brand: ctx.brand.name })}</p>
        <p>${t('twofa_key')}</p>
        <p class="key" id="totp-key">${grouped}</p>
      </div>
    </div>
    <form method="post" action="/account/2fa" novalidate>
      ${csrfField(ctx)}
      ${field(ctx, { name: 'token', label: t('code_input'), autocomplete: 'one-time-code', inputmode: 'numeric', required: true, errors })}
      <button type="submit" class="go">${t('activate_2fa')}</button>
    </form>`;
  return layout(ctx, t('twofa_title'), body, errors);
}

export function recoveryCodesPage(ctx: PageContext, codes: string[]): string {
  const { t } = ctx;
  const body = html`<p>${t('recovery_intro')}</p>
    <ol class="codes" id="recovery-codes">
      ${join(codes.map((c) => html`<li><code>${c}</code></li>`))}
    </ol>
    <p class="actions" data-recovery-actions hidden>
      <button type="button" data-copy="recovery-codes" data-done="${t('copied')}">
        ${t('copy')}
      </button>
      <button
        type="button"
        data-download="recovery-codes"
        data-filename="${ctx.brand.portalName}-recovery-codes.txt"
      >
        ${t('download')}
      </button>
      <button type="button" data-print>${t('print')}</button>
    </p>
    <p><a class="button" href="/portal">${t('continue')}</a></p>`;
  return layout(ctx, t('recovery_title'), body);
}

export function secondFactorPage(ctx: PageContext, errors: FieldError[] = []): string {
  const { t } = ctx;
  const body = html`<p>${t('totp_intro')}</p>
    <form method="post" action="/login/totp" novalidate>
      ${csrfField(ctx)}
      ${field(ctx, { name: 'token', label: t('code_input'), autocomplete: 'one-time-code', required: true, errors })}
      <button type="submit">${t('login_button')}</button>
    </form>`;
  return layout(ctx, t('totp_title'), body, errors);
}

export function portalPage(ctx: PageContext, firstName: string): string {
  const { t, brand, locale } = ctx;
  // The brand file has a landing page per language; the default's is never missing.
  const pages: Partial<Record<Locale, BrandConfig['portal'][typeof DEFAULT_LOCALE]>> = brand.portal;
  const content = pages[locale] ?? brand.portal[DEFAULT_LOCALE];
  const body = html`<h2>${content.title}</h2>
    ${join(content.paragraphs.map((p) => html`<p>${p}</p>`))}
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
  const body = s.sent
    ? html`${notice(t('forgot_sent'))}
        <p><a href="/login">${t('back_to_login')}</a></p>`
    : html`<p>${t('forgot_intro')}</p>
        <form method="post" action="/forgot-password" novalidate>
          ${csrfField(ctx)}
          ${field(ctx, { name: 'identifier', label: t('identifier'), value: s.identifier, autocomplete: 'username', required: true })}
          <button type="submit">${t('send_link')}</button>
        </form>`;
  return layout(ctx, t('forgot_title'), body);
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
