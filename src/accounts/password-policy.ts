import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import * as nl from '@zxcvbn-ts/language-nl-be';

export const MIN_LENGTH = 12;
export const MAX_LENGTH = 128;

// Built once: loading the dictionaries takes a moment.
const estimator = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...en.dictionary, ...nl.dictionary },
  graphs: common.adjacencyGraphs,
  translations: en.translations,
  // The default (100) tries so many l33t variants that one estimate takes ~70 ms of the API's
  // only thread (a quarter of its time per activation in the bench profile). 4 substitutions
  // still catch the spellings people use (P@$$w0rd, W3lk0m) at ~6 ms.
  l33tMaxSubstitutions: 4,
});

export interface PasswordContext {
  /** Name, username, e-mail and brand: a password must not be built from them. */
  personal: string[];
  requireClasses: boolean;
  /** zxcvbn score 0..4 that counts as "not common or guessable". */
  minScore: number;
}

/** Words of 3+ letters in the person's data, with simple substitutions undone. */
function personalWords(values: string[]): string[] {
  return values.flatMap((v) => v.toLowerCase().split(/[^a-z0-9]+/)).filter((w) => w.length >= 3);
}

function unleet(password: string): string {
  return password
    .toLowerCase()
    .replace(/[@4]/g, 'a')
    .replace(/3/g, 'e')
    .replace(/[1!|]/g, 'i')
    .replace(/0/g, 'o')
    .replace(/[$5]/g, 's')
    .replace(/7/g, 't');
}

export interface PasswordRuleDefinition {
  id: string;
  /** The numbers in the rule's text, e.g. {min} in "at least {min} characters". */
  values?: Record<string, number>;
  met(password: string, context: PasswordContext): boolean;
}

/** The password rules, in the order the form lists them: the server checks, the page shows. */
export const PASSWORD_RULES = [
  {
    id: 'classes',
    met: (password, context) =>
      !context.requireClasses ||
      (/[A-Z]/.test(password) && /[a-z]/.test(password) && /\d/.test(password)),
  },
  {
    id: 'min_length',
    values: { min: MIN_LENGTH },
    met: (password) => password.length >= MIN_LENGTH,
  },
  {
    id: 'max_length',
    values: { max: MAX_LENGTH },
    met: (password) => password.length <= MAX_LENGTH,
  },
  {
    id: 'not_common',
    // Only scored once it is long enough, and never past the maximum (zxcvbn is slow there).
    met: (password, context) =>
      password.length >= MIN_LENGTH &&
      password.length <= MAX_LENGTH &&
      estimator.check(password, personalWords(context.personal)).score >= context.minScore,
  },
  {
    id: 'not_personal',
    met: (password, context) => {
      const lowered = unleet(password);
      return (
        password.length > 0 &&
        !personalWords(context.personal).some((w) => lowered.includes(unleet(w)))
      );
    },
  },
] as const satisfies readonly PasswordRuleDefinition[];

export type PasswordRule = (typeof PASSWORD_RULES)[number]['id'];

/** Which rules a password meets; the form ticks them off, the server enforces them. */
export function passwordRulesMet(
  password: string,
  context: PasswordContext,
): Record<PasswordRule, boolean> {
  return Object.fromEntries(
    PASSWORD_RULES.map((rule) => [rule.id, rule.met(password, context)]),
  ) as Record<PasswordRule, boolean>;
}

export function failedRules(password: string, context: PasswordContext): PasswordRule[] {
  return PASSWORD_RULES.filter((rule) => !rule.met(password, context)).map((rule) => rule.id);
}
