import type { BrandConfig } from '../../config/config.schema';
import { formatLoginCode } from '../../security/login-code';
import type { MailJob, MailTemplate } from '../mail.queue';
import { html, type Html, join } from '../../http/html';
import { button, layout } from './layout';

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

export interface RenderContext {
  brand: BrandConfig;
  /** Where the employee logs in (the invite link). */
  loginUrl: string;
  /** The opened login code, for invites. */
  code?: string;
  /** The opened link, for a password reset. */
  link?: string;
}

const APP_STORE = 'https://apps.apple.com/app/google-authenticator/id388497605';
const PLAY_STORE =
  'https://play.google.com/store/apps/details?id=com.google.android.apps.authenticator2';

type Locale = MailJob['locale'];

/** A mail in blocks: each block is a paragraph in HTML and in the text part. */
type Block =
  | { kind: 'p'; text: string }
  | { kind: 'code'; label: string; code: string }
  | { kind: 'button'; label: string; href: string }
  | { kind: 'heading'; text: string }
  | { kind: 'stores' };

interface Draft {
  subject: string;
  blocks: Block[];
}

const p = (text: string): Block => ({ kind: 'p', text });

function when(iso: string | undefined, locale: Locale, brand: BrandConfig): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: brand.timeZone,
  }).format(new Date(iso));
}

/** The words of every mail, Dutch first; the seed guide's steps for the invite. */
function draft(job: MailJob, ctx: RenderContext): Draft {
  const nl = job.locale === 'nl';
  const { brand, loginUrl } = ctx;
  const name = job.firstName;
  const deadline = when(job.deadline, job.locale, brand);
  const hello = p(nl ? `Hallo ${name},` : `Hello ${name},`);
  const open = {
    kind: 'button',
    href: loginUrl,
    label: nl ? `Open ${brand.portalName}` : `Open ${brand.portalName}`,
  } as const;
  const drafts: Record<MailTemplate, () => Draft> = {
    invite: () => ({
      subject: nl
        ? `Welkom bij ${brand.name}: activeer je account`
        : `Welcome to ${brand.name}: activate your account`,
      blocks: [
        hello,
        p(
          nl
            ? `Welkom! Met deze mail maak je je account voor ${brand.portalName} aan. Houd deze mail bij de hand.`
            : `Welcome! With this e-mail you set up your ${brand.portalName} account. Keep it at hand.`,
        ),
        {
          kind: 'heading',
          text: nl ? 'Stap 1: je link en logincode' : 'Step 1: your link and login code',
        },
        { ...open, label: nl ? 'Account activeren' : 'Activate account' },
        {
          kind: 'code',
          label: nl ? 'Je persoonlijke logincode' : 'Your personal login code',
          code: formatLoginCode(ctx.code ?? ''),
        },
        ...(deadline
          ? [p(nl ? `De code is geldig tot ${deadline}.` : `The code is valid until ${deadline}.`)]
          : []),
        {
          kind: 'heading',
          text: nl
            ? 'Stap 2: installeer een authenticator-app'
            : 'Step 2: install an authenticator app',
        },
        p(
          nl
            ? 'Installeer de Google Authenticator app (of een andere authenticator-app) op je telefoon. Lees je deze mail op je telefoon? Gebruik dan een van de knoppen hieronder.'
            : 'Install the Google Authenticator app (or another authenticator app) on your phone. Reading this on your phone? Use one of the buttons below.',
        ),
        { kind: 'stores' },
        p(
          nl
            ? "Lees je deze mail op je computer? Ga op je telefoon naar de App Store of Play Store, typ in het zoekvak 'Google Authenticator', installeer de app en open hem. Is de app al geïnstalleerd? Zorg dan dat hij up-to-date is."
            : "Reading this on your computer? On your phone, open the App Store or Play Store, search for 'Google Authenticator', install the app and open it. Already installed? Make sure it is up to date.",
        ),
        { kind: 'heading', text: nl ? 'Stap 3: inloggen' : 'Step 3: log in' },
        p(
          nl
            ? "Open de link, vul bij 'Logincode' je code in (kopiëren en plakken mag) en druk op 'Inloggen'. Daarna kies je een gebruikersnaam en wachtwoord en stel je tweefactorauthenticatie in met de app."
            : "Open the link, enter your code under 'Login code' (copy and paste is fine) and press 'Log in'. Then choose a username and password and set up two-factor authentication with the app.",
        ),
      ],
    }),
    reminder_code: () => ({
      subject: nl ? 'Herinnering: activeer je account' : 'Reminder: activate your account',
      blocks: [
        hello,
        p(
          nl
            ? `Je hebt je account voor ${brand.portalName} nog niet geactiveerd. Gebruik de logincode uit onze eerdere mail.${deadline ? ` De code is geldig tot ${deadline}.` : ''}`
            : `You have not activated your ${brand.portalName} account yet. Use the login code from our earlier e-mail.${deadline ? ` The code is valid until ${deadline}.` : ''}`,
        ),
        open,
      ],
    }),
    reminder_finish: () => ({
      subject: nl ? 'Bijna klaar: rond je account af' : 'Almost there: finish your account',
      blocks: [
        hello,
        p(
          nl
            ? 'Je bent begonnen met het aanmaken van je account, maar nog niet klaar. Log in om je gebruikersnaam, wachtwoord en tweefactorauthenticatie af te ronden.'
            : 'You started setting up your account but have not finished. Log in to complete your username, password and two-factor authentication.',
        ),
        open,
      ],
    }),
    reminder_last_day: () => ({
      subject: nl ? 'Laatste dag: activeer je account' : 'Last day: activate your account',
      blocks: [
        hello,
        p(
          nl
            ? `Je account is nog niet klaar. Na ${deadline} vervalt je logincode en moet je een nieuwe aanvragen.`
            : `Your account is not finished yet. After ${deadline} your login code expires and you will need a new one.`,
        ),
        open,
      ],
    }),
    expired: () => ({
      subject: nl ? 'Je logincode is verlopen' : 'Your login code has expired',
      blocks: [
        hello,
        p(
          nl
            ? `Je logincode is verlopen. Neem contact op met ${brand.name} voor een nieuwe code.`
            : `Your login code has expired. Please contact ${brand.name} for a new code.`,
        ),
      ],
    }),
    activated: () => ({
      subject: nl ? 'Je account is actief' : 'Your account is active',
      blocks: [
        hello,
        p(
          nl
            ? `Je account voor ${brand.portalName} is actief. Log voortaan in met je gebruikersnaam, je wachtwoord en de code uit je authenticator-app.`
            : `Your ${brand.portalName} account is active. From now on, log in with your username, your password and the code from your authenticator app.`,
        ),
        open,
      ],
    }),
    password_reset: () => ({
      subject: nl ? 'Nieuw wachtwoord instellen' : 'Set a new password',
      blocks: [
        hello,
        p(
          nl
            ? 'Je hebt gevraagd om een nieuw wachtwoord. De link hieronder werkt één keer en is een uur geldig. Heb je dit niet gevraagd? Dan kun je deze mail negeren.'
            : 'You asked for a new password. The link below works once and is valid for one hour. Did not ask for this? Then you can ignore this e-mail.',
        ),
        {
          kind: 'button',
          href: ctx.link ?? loginUrl,
          label: nl ? 'Nieuw wachtwoord instellen' : 'Set a new password',
        },
      ],
    }),
    email_confirm: () => ({
      subject: nl ? 'Bevestig je e-mailadres' : 'Confirm your e-mail address',
      blocks: [
        hello,
        p(
          nl
            ? `Je hebt dit adres opgegeven voor je account bij ${brand.portalName}. Bevestig het met de knop hieronder; tot dan gaat onze mail naar het adres dat we van je werkgever kregen. De link is 24 uur geldig.`
            : `You entered this address for your ${brand.portalName} account. Confirm it with the button below; until then our mail goes to the address your employer gave us. The link is valid for 24 hours.`,
        ),
        {
          kind: 'button',
          href: ctx.link ?? loginUrl,
          label: nl ? 'E-mailadres bevestigen' : 'Confirm e-mail address',
        },
        p(
          nl
            ? 'Heb je dit niet gevraagd? Dan kun je deze mail negeren.'
            : 'Did not ask for this? Then you can ignore this e-mail.',
        ),
      ],
    }),
    security_notice: () => ({
      subject:
        job.change === 'locked'
          ? nl
            ? 'Inloggen is tijdelijk geblokkeerd'
            : 'Logging in is blocked for a while'
          : nl
            ? 'Je account is gewijzigd'
            : 'Your account was changed',
      blocks: [
        hello,
        p(
          {
            two_factor: nl
              ? 'De tweefactorauthenticatie van je account is zojuist gewijzigd.'
              : 'The two-factor authentication of your account was just changed.',
            password: nl
              ? 'Het wachtwoord van je account is zojuist gewijzigd.'
              : 'The password of your account was just changed.',
            email: nl
              ? 'Er is gevraagd om de mail van je account voortaan naar een ander e-mailadres te sturen. Dat gebeurt pas als dat adres het bevestigt.'
              : 'Someone asked to send the mail of your account to another e-mail address from now on. That happens only once that address confirms it.',
            locked: nl
              ? `Er is te vaak geprobeerd met een verkeerd wachtwoord in te loggen op je account. Inloggen is geblokkeerd tot ${deadline}.`
              : `There were too many attempts to log in to your account with a wrong password. Logging in is blocked until ${deadline}.`,
          }[job.change ?? 'password'],
        ),
        p(
          nl
            ? `Was jij dit niet? Neem dan direct contact op met ${brand.name}.`
            : `Was this not you? Contact ${brand.name} right away.`,
        ),
      ],
    }),
  };
  return drafts[job.template]();
}

function blockHtml(block: Block, ctx: RenderContext, locale: Locale): Html {
  switch (block.kind) {
    case 'p':
      return html`<p style="margin:0 0 16px;">${block.text}</p>`;
    case 'heading':
      return html`<h2 style="margin:24px 0 8px;font-size:17px;">${block.text}</h2>`;
    case 'button':
      return button(ctx.brand, block.href, block.label);
    case 'code':
      return html`<p style="margin:0 0 4px;">${block.label}:</p>
        <p
          style="margin:0 0 16px;font-family:Menlo,Consolas,monospace;font-size:26px;letter-spacing:2px;font-weight:bold;"
        >
          ${block.code}
        </p>`;
    case 'stores':
      return html`<p style="margin:0 0 16px;">
        <a
          href="${APP_STORE}"
          style="display:inline-block;background:#000000;color:#ffffff;text-decoration:none;padding:10px 14px;border-radius:6px;margin:0 8px 8px 0;"
          >${locale === 'nl' ? 'Download in de App Store' : 'Download on the App Store'}</a
        ><a
          href="${PLAY_STORE}"
          style="display:inline-block;background:#000000;color:#ffffff;text-decoration:none;padding:10px 14px;border-radius:6px;"
          >${locale === 'nl' ? 'Ontdek het op Google Play' : 'Get it on Google Play'}</a
        >
      </p>`;
  }
}

function blockText(block: Block): string {
  switch (block.kind) {
    case 'p':
      return block.text;
    case 'heading':
      return block.text.toUpperCase();
    case 'button':
      return `${block.label}: ${block.href}`;
    case 'code':
      return `${block.label}: ${block.code}`;
    case 'stores':
      return `App Store: ${APP_STORE}\nGoogle Play: ${PLAY_STORE}`;
  }
}

/** Renders a mail job to subject, HTML and plain text; all data is escaped in the HTML. */
export function renderMail(job: MailJob, ctx: RenderContext): RenderedMail {
  const { subject, blocks } = draft(job, ctx);
  const { brand } = ctx;
  const c = brand.contact;
  const contact = html`<strong>${brand.name}</strong><br />T: ${c.phone}<br />E:
    <a href="mailto:${c.email}" style="color:#52606d;">${c.email}</a><br />I: ${c.website}`;
  const body = join(blocks.map((b) => blockHtml(b, ctx, job.locale)));
  const text = [
    ...blocks.map(blockText),
    '--',
    brand.name,
    `T: ${c.phone}`,
    `E: ${c.email}`,
    `I: ${c.website}`,
  ].join('\n\n');
  return { subject, html: layout(brand, job.locale, subject, body, contact), text: `${text}\n` };
}
