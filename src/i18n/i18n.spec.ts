import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDate, isLocale, LOCALES, localeName, pickLocale, translator } from './i18n';

const dir = join(__dirname, 'locales');
const messagesOf = (file: string): Record<string, string> =>
  (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { messages: Record<string, string> })
    .messages;
const placeholders = (text: string): string[] => [...text.matchAll(/\{\w+\}/g)].map(String).sort();

describe('the translations', () => {
  const dutch = messagesOf('nl.json');
  const others = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'nl.json');

  it.each(others)(
    '%s has exactly the texts of the Dutch file, with the same placeholders',
    (file) => {
      const messages = messagesOf(file);
      expect(Object.keys(messages).sort()).toEqual(Object.keys(dutch).sort());
      for (const [key, text] of Object.entries(dutch)) {
        expect({ key, placeholders: placeholders(messages[key] ?? '') }).toEqual({
          key,
          placeholders: placeholders(text),
        });
      }
    },
  );

  it('registers every file as a language, Dutch first', () => {
    expect(LOCALES[0]).toBe('nl');
    expect([...LOCALES].sort()).toEqual(
      readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.replace(/\.json$/, ''))
        .sort(),
    );
    expect(localeName('en')).toBe('English');
  });

  it('fills in placeholders and leaves unknown ones visible', () => {
    expect(translator('en')('hello', { name: 'Anouk' })).toBe('Hello Anouk');
    expect(translator('nl')('hello')).toBe('Hallo {name}');
  });

  it('writes dates the way each language does', () => {
    const at = new Date('2026-03-01T10:00:00Z');
    const options = { dateStyle: 'long', timeZone: 'UTC' } as const;
    expect(formatDate('nl', at, options)).toBe('1 maart 2026');
    expect(formatDate('en', at, options)).toBe('1 March 2026');
  });
});

describe('the language of a page', () => {
  it('is the choice, else the onboarding, else the browser, else Dutch', () => {
    expect(pickLocale('en', 'nl', 'nl')).toBe('en');
    expect(pickLocale(undefined, 'en', 'nl')).toBe('en');
    expect(pickLocale(undefined, undefined, 'fr-FR, en-GB;q=0.8, nl;q=0.5')).toBe('en');
    expect(pickLocale(undefined, undefined, 'fr')).toBe('nl');
    expect(pickLocale(undefined, undefined, undefined)).toBe('nl');
  });

  it('knows only the registered languages', () => {
    expect(isLocale('en')).toBe(true);
    expect(isLocale('fr')).toBe(false);
    expect(isLocale(['en'])).toBe(false);
  });
});
