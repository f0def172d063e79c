import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next from 'i18next';
import { z } from 'zod';
import type dutch from './locales/nl.json';

/** Dutch is the default language, and the fallback for a text a language lacks. */
export const DEFAULT_LOCALE = 'nl';

/** A language code: the name of one file in ./locales (checked where it enters the service). */
export type Locale = string;
/** Every text of the pages and mails; the Dutch file is the reference. */
export type MessageKey = keyof (typeof dutch)['messages'];
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

const localeFileSchema = z.strictObject({
  /** The language's own name, for the language switch. */
  name: z.string().min(1),
  /** How this language writes dates (a BCP 47 tag for Intl), e.g. nl-NL. */
  dateLocale: z.string().min(1),
  messages: z.record(z.string(), z.string()),
});
type LocaleFile = z.infer<typeof localeFileSchema>;

const LOCALE_DIR = join(__dirname, 'locales');

/** Every `<code>.json` in ./locales is a language: a new language is one new file. */
function loadLocales(): Map<Locale, LocaleFile> {
  const codes = readdirSync(LOCALE_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort(
      (a, b) => Number(b === DEFAULT_LOCALE) - Number(a === DEFAULT_LOCALE) || a.localeCompare(b),
    );
  return new Map(
    codes.map((code) => {
      const text = readFileSync(join(LOCALE_DIR, `${code}.json`), 'utf8');
      return [code, localeFileSchema.parse(JSON.parse(text))];
    }),
  );
}

const files = loadLocales();

/** The supported languages, the default first: the source of every locale enum. */
export const LOCALES = [...files.keys()] as [Locale, ...Locale[]];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && files.has(value);
}

const engine = i18next.createInstance();
void engine.init({
  resources: Object.fromEntries(
    [...files].map(([code, file]) => [code, { translation: file.messages }]),
  ),
  lng: DEFAULT_LOCALE,
  fallbackLng: DEFAULT_LOCALE,
  // The resources are in memory, so init finishes before this call returns.
  initAsync: false,
  // Keys are flat and texts use {name} placeholders; escaping is left to the html`` templates.
  keySeparator: false,
  nsSeparator: false,
  interpolation: { prefix: '{', suffix: '}', escapeValue: false },
});

export function translator(locale: Locale): Translate {
  const t = engine.getFixedT(locale);
  return (key, values = {}) => t(key, { replace: values });
}

/** The language's own name ("English"), for the switch to it. */
export function localeName(locale: Locale): string {
  return files.get(locale)?.name ?? locale;
}

// Making an Intl.DateTimeFormat costs a hundred times its format(): the queue worker made one
// per mail. A few locales × option sets, so the cache stays small.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function formatDate(locale: Locale, at: Date, options: Intl.DateTimeFormatOptions): string {
  const key = `${locale} ${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    const dateLocale = (files.get(locale) ?? files.get(DEFAULT_LOCALE))?.dateLocale;
    format = new Intl.DateTimeFormat(dateLocale, options);
    dateFormats.set(key, format);
  }
  return format.format(at);
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
    // The primary subtag: "nl" of "nl-BE;q=0.8".
    const lang = /^\s*([a-z]+)/i.exec(part)?.[1]?.toLowerCase();
    if (isLocale(lang)) return lang;
  }
  return DEFAULT_LOCALE;
}
