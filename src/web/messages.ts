import type { CredentialRule } from '../activation/credential-rules';

/** Every text of the web pages. Dutch is the default; labels follow the seed guide. */
const nl = {
  lang_name: 'Nederlands',
  switch_to: 'English',
  skip: 'Naar de inhoud',
  required: 'verplicht',
  // Login page
  login_title: 'Inloggen',
  login_intro: 'Log in met je gebruikersnaam en wachtwoord.',
  username: 'Gebruikersnaam',
  password: 'Wachtwoord',
  login_button: 'Inloggen',
  forgot_link: 'Ben je je wachtwoord vergeten?',
  code_title: 'Heb je een Logincode ontvangen?',
  code_intro:
    'Vul hieronder de Logincode in. Hierna kun je vervolgens zelf je gebruikersnaam en wachtwoord kiezen en daarna direct inloggen.',
  code_label: 'Logincode',
  code_hint: 'Zoals in je mail: XXXX XXXX XXXX. Spaties en hoofdletters maken niet uit.',
  logged_out: 'Je bent uitgelogd.',
  // Credentials
  credentials_title: 'Gebruikersnaam en wachtwoord instellen',
  credentials_intro:
    'Controleer voor de zekerheid je e-mailadres en kies een gebruikersnaam en wachtwoord. Vul het wachtwoord ter controle tweemaal in.',
  email: 'E-mailadres',
  new_password: 'Nieuw wachtwoord',
  repeat_password: 'Herhaal wachtwoord',
  save: 'Opslaan',
  rules_title: 'Je wachtwoord moet:',
  rule_classes: 'Gebruik tenminste 1 hoofdletter, 1 kleine letter en 1 getal',
  rule_min_length: 'tenminste 12 tekens hebben',
  rule_max_length: 'hoogstens 128 tekens hebben',
  rule_not_common: 'niet veelgebruikt of makkelijk te raden zijn',
  rule_not_personal: 'niet je naam, gebruikersnaam, e-mailadres of onze naam bevatten',
  rule_username_format:
    '3 tot 32 letters, cijfers, punten, streepjes of liggende streepjes; begin met een letter of cijfer',
  rule_email_format: 'Dit is geen geldig e-mailadres',
  rule_repeat_mismatch: 'De wachtwoorden zijn niet gelijk',
  username_taken: 'Deze gebruikersnaam is al in gebruik. Kies een andere.',
  // Two-factor
  twofa_title: 'Tweefactor authenticatie',
  twofa_intro:
    'Hiermee zorg je ervoor dat alleen jij toegang hebt tot je gegevens. Open de authenticator-app, druk op het plusje en kies QR-code scannen.',
  twofa_qr_alt: 'QR-code om te scannen met je authenticator-app',
  twofa_key: 'Kun je niet scannen? Voer dan deze sleutel in:',
  twofa_app_line: 'In de app verschijnt een regel “{brand}” met een code van 6 cijfers.',
  code_input: 'Code invoeren',
  activate_2fa: 'Activeer tweefactor authenticatie (2FA)',
  // Recovery codes
  recovery_title: 'Je herstelcodes',
  recovery_intro:
    'Bewaar deze codes op een veilige plek. Ben je je telefoon kwijt, dan kun je met elke code één keer inloggen. Je ziet ze alleen nu.',
  copy: 'Kopiëren',
  download: 'Downloaden',
  print: 'Afdrukken',
  continue: 'Verder naar het portaal',
  copied: 'Gekopieerd',
  // Second factor at login
  totp_title: 'Code uit je authenticator-app',
  totp_intro: 'Vul de code van 6 cijfers uit je app in, of een van je herstelcodes.',
  // Portal
  hello: 'Hallo {name}',
  logout: 'Uitloggen',
  // Forgot / reset password
  forgot_title: 'Wachtwoord vergeten',
  forgot_intro:
    'Vul je e-mailadres of gebruikersnaam in. Je krijgt een mail met een link om een nieuw wachtwoord in te stellen.',
  identifier: 'E-mailadres of gebruikersnaam',
  send_link: 'Link versturen',
  forgot_sent:
    'Als we een account bij deze gegevens kennen, hebben we een mail gestuurd. De link is een uur geldig.',
  reset_title: 'Nieuw wachtwoord instellen',
  reset_done: 'Je wachtwoord is gewijzigd. Log in met je nieuwe wachtwoord en de code uit je app.',
  back_to_login: 'Terug naar inloggen',
  // Re-enrolment after a 2FA reset, and a corrected e-mail address
  confirm_password_title: 'Bevestig je wachtwoord',
  confirm_password_intro:
    'Je tweefactorauthenticatie is opnieuw ingesteld. Bevestig met je wachtwoord dat jij het bent; daarna stel je je authenticator-app opnieuw in.',
  confirm_button: 'Bevestigen',
  reenroll_code:
    'Je tweefactorauthenticatie is opnieuw ingesteld. Vul de nieuwe logincode uit je mail in om verder te gaan.',
  email_confirm_sent:
    'We hebben een mail gestuurd naar het nieuwe e-mailadres. Tot je dat bevestigt, gaat onze mail naar het adres dat we van je werkgever kregen.',
  confirm_email_title: 'E-mailadres bevestigen',
  confirm_email_intro: 'Bevestig dat onze mail voortaan naar dit adres mag.',
  confirm_email_button: 'E-mailadres bevestigen',
  email_confirmed: 'Je e-mailadres is bevestigd. Onze mail gaat voortaan naar dit adres.',
  enrolment_in_use:
    'Je tweefactorauthenticatie wordt op dit moment in een ander venster ingesteld. Ga daar verder, of probeer het zo nog eens.',
  too_many_checks: 'Te veel controles achter elkaar. Wacht even.',
  // Problems
  error_summary: 'Er ging iets mis:',
  invalid_code: 'Deze logincode klopt niet. Controleer de code uit je mail.',
  code_in_use:
    'Deze logincode wordt op dit moment in een ander venster of op een ander apparaat gebruikt. Ga daar verder, of probeer het zo nog eens.',
  too_many_attempts: 'Te veel pogingen. Probeer het over een tijdje opnieuw.',
  invalid_login: 'Gebruikersnaam of wachtwoord klopt niet.',
  locked: 'Te veel mislukte pogingen. Probeer het opnieuw na {time}.',
  invalid_totp: 'Deze code klopt niet. Probeer de code die nu in je app staat.',
  totp_replayed:
    'Deze code is al gebruikt. Wacht op de volgende code in je app. Was jij dit niet? Neem dan contact met ons op.',
  invalid_reset_link: 'Deze link is verlopen of al gebruikt. Vraag een nieuwe aan.',
  wrong_step: 'Deze stap heb je al gedaan of is nog niet aan de beurt. Log opnieuw in.',
  expired: 'Je uitnodiging is verlopen. Neem contact op met {brand} voor een nieuwe code.',
  cancelled: 'Deze uitnodiging is ingetrokken. Neem contact op met {brand} als dat niet klopt.',
  completed: 'Je account is al actief. Log in met je gebruikersnaam en wachtwoord.',
  code_revoked: 'Er is een nieuwere logincode gestuurd. Gebruik de code uit je laatste mail.',
  not_ready: 'Stel eerst je gebruikersnaam en wachtwoord in.',
  invalid_credentials_input: 'Controleer je gebruikersnaam en wachtwoord.',
  invalid_deadline: 'Deze datum ligt in het verleden.',
  csrf: 'Deze pagina was verlopen. Probeer het nog eens.',
  session_expired: 'Je sessie is verlopen. Log opnieuw in.',
  server_error: 'Er ging iets mis aan onze kant. Probeer het later nog eens.',
  unavailable: 'We zijn heel even niet bereikbaar. Probeer het over een minuut opnieuw.',
};

export type MessageKey = keyof typeof nl;

const en: Record<MessageKey, string> = {
  lang_name: 'English',
  switch_to: 'Nederlands',
  skip: 'Skip to content',
  required: 'required',
  login_title: 'Log in',
  login_intro: 'Log in with your username and password.',
  username: 'Username',
  password: 'Password',
  login_button: 'Log in',
  forgot_link: 'Forgot your password?',
  code_title: 'Did you receive a login code?',
  code_intro:
    'Enter the login code below. You will then choose your own username and password and log in right away.',
  code_label: 'Login code',
  code_hint: 'As in your e-mail: XXXX XXXX XXXX. Spaces and capitals do not matter.',
  logged_out: 'You are logged out.',
  credentials_title: 'Set your username and password',
  credentials_intro:
    'Check your e-mail address and choose a username and password. Enter the password twice to confirm it.',
  email: 'E-mail address',
  new_password: 'New password',
  repeat_password: 'Repeat password',
  save: 'Save',
  rules_title: 'Your password must:',
  rule_classes: 'Use at least 1 capital letter, 1 small letter and 1 digit',
  rule_min_length: 'have at least 12 characters',
  rule_max_length: 'have at most 128 characters',
  rule_not_common: 'not be common or easy to guess',
  rule_not_personal: 'not contain your name, username, e-mail address or our name',
  rule_username_format:
    '3 to 32 letters, digits, dots, dashes or underscores, starting with a letter or digit',
  rule_email_format: 'This is not a valid e-mail address',
  rule_repeat_mismatch: 'The passwords differ',
  username_taken: 'This username is taken. Please choose another.',
  twofa_title: 'Two-factor authentication',
  twofa_intro:
    'This makes sure only you can reach your data. Open your authenticator app, press the plus and choose Scan a QR code.',
  twofa_qr_alt: 'QR code to scan with your authenticator app',
  twofa_key: 'Cannot scan? Enter this key instead:',
  twofa_app_line: 'The app shows a line “{brand}” with a 6-digit code.',
  code_input: 'Enter code',
  activate_2fa: 'Activate two-factor authentication (2FA)',
  recovery_title: 'Your recovery codes',
  recovery_intro:
    'Keep these codes somewhere safe. If you lose your phone, each code lets you log in once. You only see them now.',
  copy: 'Copy',
  download: 'Download',
  print: 'Print',
  continue: 'Continue to the portal',
  copied: 'Copied',
  totp_title: 'Code from your authenticator app',
  totp_intro: 'Enter the 6-digit code from your app, or one of your recovery codes.',
  hello: 'Hello {name}',
  logout: 'Log out',
  forgot_title: 'Forgot password',
  forgot_intro:
    'Enter your e-mail address or username. We will send you a link to set a new password.',
  identifier: 'E-mail address or username',
  send_link: 'Send link',
  forgot_sent:
    'If we know an account with these details, we have sent an e-mail. The link is valid for one hour.',
  reset_title: 'Set a new password',
  reset_done:
    'Your password was changed. Log in with your new password and the code from your app.',
  back_to_login: 'Back to log in',
  confirm_password_title: 'Confirm your password',
  confirm_password_intro:
    'Your two-factor authentication was reset. Confirm with your password that it is you; then set up your authenticator app again.',
  confirm_button: 'Confirm',
  reenroll_code:
    'Your two-factor authentication was reset. Enter the new login code from your e-mail to continue.',
  email_confirm_sent:
    'We sent an e-mail to the new address. Until you confirm it, our mail goes to the address your employer gave us.',
  confirm_email_title: 'Confirm e-mail address',
  confirm_email_intro: 'Confirm that our mail may go to this address from now on.',
  confirm_email_button: 'Confirm e-mail address',
  email_confirmed: 'Your e-mail address is confirmed. Our mail goes to this address from now on.',
  enrolment_in_use:
    'Two-factor authentication is being set up in another window right now. Continue there, or try again in a moment.',
  too_many_checks: 'Too many checks in a row. Please wait a moment.',
  error_summary: 'Something went wrong:',
  invalid_code: 'This login code is not right. Check the code in your e-mail.',
  code_in_use:
    'This login code is being used in another window or on another device right now. Continue there, or try again in a moment.',
  too_many_attempts: 'Too many attempts. Please try again later.',
  invalid_login: 'Username or password is not right.',
  locked: 'Too many failed attempts. Try again after {time}.',
  invalid_totp: 'This code is not right. Try the code your app shows now.',
  totp_replayed:
    'This code was used already. Wait for the next code in your app. Was this not you? Contact us.',
  invalid_reset_link: 'This link has expired or was used already. Ask for a new one.',
  wrong_step: 'You did this step already, or it is not its turn yet. Please log in again.',
  expired: 'Your invitation has expired. Contact {brand} for a new code.',
  cancelled: 'This invitation was withdrawn. Contact {brand} if that is not right.',
  completed: 'Your account is active already. Log in with your username and password.',
  code_revoked: 'A newer login code was sent. Use the code from your latest e-mail.',
  not_ready: 'First set your username and password.',
  invalid_credentials_input: 'Check your username and password.',
  invalid_deadline: 'This date has passed.',
  csrf: 'This page had expired. Please try again.',
  session_expired: 'Your session has expired. Please log in again.',
  server_error: 'Something went wrong on our side. Please try again later.',
  unavailable: 'We are briefly unavailable. Please try again in a minute.',
};

export type Locale = 'nl' | 'en';
export type Translate = (key: MessageKey, values?: Record<string, string>) => string;

export function translator(locale: Locale): Translate {
  const table = locale === 'en' ? en : nl;
  return (key, values = {}) =>
    table[key].replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `{${name}}`);
}

export function ruleKey(rule: CredentialRule): MessageKey {
  return `rule_${rule}`;
}

/** The language: the person's own choice, else the onboarding's, else the browser's, else Dutch. */
export function pickLocale(
  chosen: Locale | undefined,
  onboarding: Locale | undefined,
  acceptLanguage: string | undefined,
): Locale {
  if (chosen) return chosen;
  if (onboarding) return onboarding;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const lang = part.trim().slice(0, 2).toLowerCase();
    if (lang === 'nl' || lang === 'en') return lang;
  }
  return 'nl';
}
