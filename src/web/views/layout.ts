// The page frame and the form parts every page is built from.
import type { BrandConfig } from '../../config/config.schema';
import { html, type Html, join } from '../../http/html';
import { PASSWORD_RULES } from '../../accounts/password-policy';
import { ruleText } from '../../activation/credential-rules';
import { type Locale, LOCALES, localeName, type Translate } from '../../i18n/i18n';

export interface PageContext {
  t: Translate;
  locale: Locale;
  brand: BrandConfig;
  csrf: string;
  /** The current path, for the language switch. */
  path: string;
  /** Whether this deployment offers passkeys, and whether activation requires one. */
  passkeys: { offered: boolean; required: boolean };
}

/** A problem to show: next to its field (if it has one) and in the summary on top. */
export interface FieldError {
  field?: string;
  message: string;
}

export const none = html``;

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

/**
 * A form that asks for one thing and answers the same whatever it found (a forgotten password,
 * a new login code): the form, or once sent that answer and the way back to the login.
 */
export function requestPage(
  ctx: PageContext,
  o: { title: string; intro: string; action: string; input: FieldOptions; button: string },
  sent: string | undefined,
): string {
  const body = sent
    ? html`${notice(sent)}
        <p><a href="/login">${ctx.t('back_to_login')}</a></p>`
    : html`<p>${o.intro}</p>
        <form method="post" action="${o.action}" novalidate>
          ${csrfField(ctx)} ${field(ctx, o.input)}
          <button type="submit">${o.button}</button>
        </form>`;
  return layout(ctx, o.title, body);
}

export function notice(message: string | undefined): Html {
  return message ? html`<p class="notice" role="status">${message}</p>` : none;
}

export function passwordRules(ctx: PageContext, met: Partial<Record<string, boolean>>): Html {
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

/**
 * A passkey button for app.js: hidden until the script finds WebAuthn in the browser, then it
 * fetches options from `options`, asks the authenticator and posts the answer to `verify`.
 */
export function passkeyButton(
  ctx: PageContext,
  o: { ceremony: 'register' | 'login'; options: string; verify: string; label: string },
): Html {
  return html`<div
    class="passkey"
    data-passkey="${o.ceremony}"
    data-options="${o.options}"
    data-verify="${o.verify}"
    data-csrf="${ctx.csrf}"
    data-failed="${ctx.t('passkey_failed')}"
    hidden
  >
    <button type="button">${o.label}</button>
    <p class="error" role="alert" data-passkey-status></p>
  </div>`;
}
