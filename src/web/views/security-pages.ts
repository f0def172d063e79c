// The security page of an active employee: one section per credential, then the sessions.
import { html, type Html, join } from '../../http/html';
import { formatDate } from '../../i18n/i18n';
import type { PasskeyRecord } from '../../accounts/passkey.schema';
import type { Device } from '../../sessions/device';
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
} from './layout';

/** One signed-in session in the list. */
export interface SessionRow {
  device: Device;
  firstSeen: Date;
  lastSeen: Date;
  current: boolean;
}

export interface SecurityPageState {
  username: string;
  passkeys: PasskeyRecord[];
  sessions: SessionRow[];
  notice?: string;
  /** Each form's fields have names of their own, so an error lands beside its form. */
  errors?: FieldError[];
  met?: Partial<Record<string, boolean>>;
}

export function securityPage(ctx: PageContext, s: SecurityPageState): string {
  const errors = s.errors ?? [];
  const body = html`${notice(s.notice)} ${passwordSection(ctx, s, errors)}
    ${passkeysSection(ctx, s.passkeys, errors)} ${authenticatorSection(ctx, errors)}
    ${recoveryCodesSection(ctx, errors)} ${sessionsSection(ctx, s.sessions)}
    <p><a href="/portal">${ctx.t('back_to_portal')}</a></p>`;
  return layout(ctx, ctx.t('security_title'), body, errors);
}

function section(id: string, title: string, content: Html): Html {
  return html`<section aria-labelledby="${id}-heading">
    <h2 id="${id}-heading">${title}</h2>
    ${content}
  </section>`;
}

function passwordSection(ctx: PageContext, s: SecurityPageState, errors: FieldError[]): Html {
  const { t } = ctx;
  return section(
    'password',
    t('security_password_title'),
    html`<form method="post" action="/account/security/password" novalidate data-password-form>
      ${csrfField(ctx)}
      <input type="hidden" name="username" value="${s.username}" autocomplete="username" />
      ${field(ctx, { name: 'current_password', label: t('current_password'), type: 'password', autocomplete: 'current-password', required: true, errors })}
      ${field(ctx, { name: 'password_token', label: t('second_factor_input'), autocomplete: 'one-time-code', required: true, errors })}
      ${field(ctx, { name: 'password', label: t('new_password'), type: 'password', autocomplete: 'new-password', required: true, errors, after: passwordRules(ctx, s.met ?? {}) })}
      ${field(ctx, { name: 'repeat', label: t('repeat_password'), type: 'password', autocomplete: 'new-password', required: true, errors })}
      <button type="submit">${t('security_password_title')}</button>
    </form>`,
  );
}

/**
 * The account's passkeys, each renamable and removable (the server keeps the last second
 * factor), and a new one after both factors, where the deployment offers passkeys.
 */
function passkeysSection(ctx: PageContext, passkeys: PasskeyRecord[], errors: FieldError[]): Html {
  const { t } = ctx;
  if (!ctx.passkeys.offered && passkeys.length === 0) return none;
  const when = (at: Date | null) => (at ? dateTime(ctx, at) : t('security_passkey_never_used'));
  const rows = passkeys.map((p) => {
    const mine = errors.filter((e) => e.field === `passkey-${p._id}`);
    return html`<li class="passkey-row" id="passkey-${p._id}">
      <form method="post" action="/account/security/passkeys/${p._id}/rename" novalidate>
        ${csrfField(ctx)}
        <label for="name-${p._id}">${t('security_passkey_name')}</label>
        ${mine.length ? html`<p class="error">${mine.map((e) => e.message).join(' ')}</p>` : none}
        <input id="name-${p._id}" name="name" type="text" value="${p.name}" maxlength="60" />
        <button type="submit">${t('security_passkey_rename')}</button>
      </form>
      <p class="hint">
        ${t('security_passkey_created', { at: dateTime(ctx, p.createdAt) })} ·
        ${t('security_passkey_last_used', { at: when(p.lastUsedAt) })}
      </p>
      <form method="post" action="/account/security/passkeys/${p._id}/remove">
        ${csrfField(ctx)}
        <button type="submit" aria-describedby="name-${p._id}">
          ${t('security_passkey_remove')}
        </button>
      </form>
    </li>`;
  });
  const add = ctx.passkeys.offered
    ? html`<p>${t('security_passkey_intro')}</p>
        <form method="post" action="/account/security/passkeys" novalidate>
          ${csrfField(ctx)}
          ${field(ctx, { name: 'passkey_password', label: t('password'), type: 'password', autocomplete: 'current-password', required: true, errors })}
          ${field(ctx, { name: 'passkey_token', label: t('second_factor_input'), autocomplete: 'one-time-code', required: true, errors })}
          <button type="submit">${t('security_passkey_add')}</button>
        </form>`
    : none;
  return section(
    'passkeys',
    t('security_passkeys_title'),
    html`${
      passkeys.length
        ? html`<ul class="passkeys">
            ${join(rows)}
          </ul>`
        : html`<p>${t('security_no_passkeys')}</p>`
    }
    ${add}`,
  );
}

/** After both factors: the button that asks the authenticator for a new passkey. */
export function newPasskeyPage(ctx: PageContext): string {
  const { t } = ctx;
  const body = html`<p>${t('passkey_intro')}</p>
    ${passkeyButton(ctx, {
      ceremony: 'register',
      options: '/account/security/passkeys/options',
      verify: '/account/security/passkeys/verify',
      label: t('use_passkey'),
    })}
    <noscript><p>${t('passkey_needs_script')}</p></noscript>
    <p><a href="/account/security">${t('security_title')}</a></p>`;
  return layout(ctx, t('security_passkey_add'), body);
}

function dateTime({ locale, brand }: PageContext, at: Date): string {
  return formatDate(locale, at, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: brand.timeZone,
  });
}

function authenticatorSection(ctx: PageContext, errors: FieldError[]): Html {
  const { t } = ctx;
  return proofSection(ctx, {
    id: 'authenticator',
    title: t('security_authenticator_title'),
    intro: t('security_authenticator_intro'),
    fields: html`${field(ctx, { name: 'authenticator_password', label: t('password'), type: 'password', autocomplete: 'current-password', required: true, errors })}
    ${field(ctx, { name: 'authenticator_token', label: t('second_factor_input'), autocomplete: 'one-time-code', required: true, errors })}`,
  });
}

function recoveryCodesSection(ctx: PageContext, errors: FieldError[]): Html {
  const { t } = ctx;
  return proofSection(ctx, {
    id: 'recovery-codes',
    title: t('security_recovery_title'),
    intro: t('security_recovery_intro'),
    fields: field(ctx, {
      name: 'recovery_token',
      label: t('second_factor_input'),
      autocomplete: 'one-time-code',
      required: true,
      errors,
    }),
  });
}

/** A section whose form asks for proof before its change; the button says what the title says. */
function proofSection(
  ctx: PageContext,
  s: { id: string; title: string; intro: string; fields: Html },
): Html {
  return section(
    s.id,
    s.title,
    html`<p>${s.intro}</p>
      <form method="post" action="/account/security/${s.id}" novalidate>
        ${csrfField(ctx)} ${s.fields}
        <button type="submit">${s.title}</button>
      </form>`,
  );
}

function sessionsSection(ctx: PageContext, sessions: SessionRow[]): Html {
  const { t } = ctx;
  const when = (at: Date) => dateTime(ctx, at);
  const rows = sessions.map(
    (row) =>
      html`<tr>
        <td>
          ${deviceName(ctx, row.device)}${row.current ? html` <strong>(${t('security_this_session')})</strong>` : none}
        </td>
        <td>${when(row.firstSeen)}</td>
        <td>${when(row.lastSeen)}</td>
      </tr>`,
  );
  return section(
    'sessions',
    t('security_sessions_title'),
    html`<table id="sessions">
        <thead>
          <tr>
            <th scope="col">${t('security_device')}</th>
            <th scope="col">${t('security_first_seen')}</th>
            <th scope="col">${t('security_last_seen')}</th>
          </tr>
        </thead>
        <tbody>
          ${join(rows)}
        </tbody>
      </table>
      <form method="post" action="/account/security/sign-out-everywhere">
        ${csrfField(ctx)}
        <button type="submit">${t('security_sign_out_everywhere')}</button>
      </form>`,
  );
}

/** "Chrome op Linux", or as much of it as the browser told. */
function deviceName({ t }: PageContext, { browser, os }: Device): string {
  if (browser && os) return t('security_device_on', { browser, os });
  return browser ?? os ?? t('security_device_unknown');
}
