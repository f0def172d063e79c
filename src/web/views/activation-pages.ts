// The pages of the activation journey: the login code, credentials, 2FA, recovery codes.
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
    ${
      ctx.passkeys.offered
        ? passkeyButton(ctx, {
            ceremony: 'login',
            options: '/login/passkey/options',
            verify: '/login/passkey',
            label: t('login_passkey'),
          })
        : none
    }
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
    <p><a href="/login/new-code">${t('code_request_link')}</a></p>
  </section>`;
  // Someone arriving from the invite needs the code form first, also on a phone.
  const body = html`${notice(s.notice)}
    <div class="columns">
      ${s.invite || s.codeFirst ? join([code, password]) : join([password, code])}
    </div>`;
  return layout(ctx, ctx.brand.portalName, body, errors);
}

/** "No code, or it expired?": the address in; one answer, whether or not anything matched. */
export function codeRequestPage(ctx: PageContext, s: { sent?: boolean }): string {
  const { t } = ctx;
  const form = {
    title: t('code_request_title'),
    intro: t('code_request_intro'),
    action: '/login/new-code',
    input: {
      name: 'email',
      label: t('email'),
      type: 'email',
      autocomplete: 'email',
      required: true,
    },
    button: t('code_request_button'),
  } as const;
  return requestPage(ctx, form, s.sent ? t('code_request_sent') : undefined);
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

/**
 * The 2FA setup: the app's QR code and key with the code field (unless passkeys are
 * required), and at activation the passkey button beside it where the deployment offers
 * passkeys. `action` and `title`: those of the security page's new authenticator.
 */
export function twoFactorPage(
  ctx: PageContext,
  s: {
    totp?: { qrDataUrl: string; secret: string };
    errors?: FieldError[];
    notice?: string;
    action?: string;
    title?: string;
  },
): string {
  const { t } = ctx;
  const errors = s.errors ?? [];
  const passkey =
    ctx.passkeys.offered && !s.action
      ? html`<section aria-labelledby="passkey-heading">
          <h2 id="passkey-heading">${t('passkey_title')}</h2>
          <p>${t('passkey_intro')}</p>
          ${passkeyButton(ctx, {
            ceremony: 'register',
            options: '/account/2fa/passkey/options',
            verify: '/account/2fa/passkey',
            label: t('use_passkey'),
          })}
          <noscript><p>${t('passkey_needs_script')}</p></noscript>
        </section>`
      : none;
  if (!s.totp) return layout(ctx, t('twofa_title'), html`${notice(s.notice)} ${passkey}`, errors);
  const grouped = s.totp.secret.match(/.{1,4}/g)?.join(' ') ?? s.totp.secret;
  const body = html`${notice(s.notice)}
    <p>${t('twofa_intro')}</p>
    <div class="twofa">
      <img
        class="qr"
        src="${s.totp.qrDataUrl}"
        alt="${t('twofa_qr_alt')}"
        width="220"
        height="220"
      />
      <div>
        <p>${t('twofa_app_line', { brand: ctx.brand.name })}</p>
        <p>${t('twofa_key')}</p>
        <p class="key" id="totp-key">${grouped}</p>
      </div>
    </div>
    <form method="post" action="${s.action ?? '/account/2fa'}" novalidate>
      ${csrfField(ctx)}
      ${field(ctx, { name: 'token', label: t('code_input'), autocomplete: 'one-time-code', inputmode: 'numeric', required: true, errors })}
      <button type="submit" class="go">${t('activate_2fa')}</button>
    </form>
    ${passkey}`;
  return layout(ctx, s.title ?? t('twofa_title'), body, errors);
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
