import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import * as nl from '@zxcvbn-ts/language-nl-be';

export type PasswordRule = 'classes' | 'min_length' | 'max_length' | 'not_common' | 'not_personal';

export const MIN_LENGTH = 12;
export const MAX_LENGTH = 128;

// Built once: loading the dictionaries takes a moment.
const estimator = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...en.dictionary, ...nl.dictionary },
  graphs: common.adjacencyGraphs,
  translations: en.translations,
  // The default (100) tries so many l33t variants that one estimate takes ~70 ms of the API's
  // only thread; 20 keeps the scores of our samples (password-policy.spec.ts) at ~20 ms.
  l33tMaxSubstitutions: 20,
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

/** Which rules a password meets; the form ticks them off, the server enforces them. */
export function checkPassword(
  password: string,
  context: PasswordContext,
): Record<PasswordRule, boolean> {
  const lowered = unleet(password);
  const personal = personalWords(context.personal).some((w) => lowered.includes(unleet(w)));
  const long = password.length >= MIN_LENGTH && password.length <= MAX_LENGTH;
  return {
    classes:
      !context.requireClasses ||
      (/[A-Z]/.test(password) && /[a-z]/.test(password) && /\d/.test(password)),
    min_length: password.length >= MIN_LENGTH,
    max_length: password.length <= MAX_LENGTH,
    // Only scored once it is long enough, and never past the maximum (zxcvbn is slow there).
    not_common:
      long && estimator.check(password, personalWords(context.personal)).score >= context.minScore,
    not_personal: password.length > 0 && !personal,
  };
}

export function failedRules(password: string, context: PasswordContext): PasswordRule[] {
  return Object.entries(checkPassword(password, context))
    .filter(([, ok]) => !ok)
    .map(([rule]) => rule as PasswordRule);
}
