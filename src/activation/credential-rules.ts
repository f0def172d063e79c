import {
  failedRules,
  MAX_LENGTH,
  MIN_LENGTH,
  PASSWORD_RULES,
  type PasswordContext,
  type PasswordRuleDefinition,
  type PasswordRule,
} from '../accounts/password-policy';
import type { Translate } from '../i18n/i18n';

export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$/;
/** Controls (NUL too), invisible format characters, broken or private code points. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\uFDD0-\uFDEF\uFFFD-\uFFFF]/u;

export type CredentialRule = 'username_format' | 'email_format' | 'repeat_mismatch' | PasswordRule;

export interface CredentialIssue {
  field: 'username' | 'email' | 'password' | 'repeat';
  rule: CredentialRule;
}

/** English texts for the API; the web form shows its own translations of the same rules. */
export const RULE_TEXT: Record<CredentialRule, string> = {
  username_format:
    '3 to 32 letters, digits, dots, dashes or underscores, starting with a letter or digit',
  email_format: 'not an e-mail address',
  repeat_mismatch: 'the passwords differ',
  classes: 'at least 1 capital letter, 1 small letter and 1 digit',
  min_length: `at least ${MIN_LENGTH} characters`,
  max_length: `at most ${MAX_LENGTH} characters`,
  not_common: 'too common or too easy to guess',
  not_personal: 'must not be built from your name, username, e-mail address or our name',
};

/** A rule's sentence in the reader's language, with its numbers (such as the length). */
export function ruleText(t: Translate, rule: CredentialRule): string {
  const passwordRules: readonly PasswordRuleDefinition[] = PASSWORD_RULES;
  return t(`rule_${rule}`, passwordRules.find((r) => r.id === rule)?.values);
}

/**
 * `local@domain.tld`: one @, nothing blank or invisible, a dot inside the domain. Length
 * first, then single passes: a regex with two `+` around the `@` took seconds on `a@....@`.
 */
export function looksLikeEmail(email: string): boolean {
  if (email.length > 254) return false;
  const at = email.indexOf('@');
  if (at < 1 || at !== email.lastIndexOf('@') || /\s/.test(email) || HIDDEN.test(email)) {
    return false;
  }
  const domain = email.slice(at + 1);
  const dot = domain.indexOf('.', 1);
  return dot !== -1 && dot < domain.length - 1;
}

/** The server side of the rules the form shows; each failure names its field. */
export function credentialIssues(
  input: { username: string; password: string; email: string; repeat?: string },
  passwordContext: PasswordContext,
): CredentialIssue[] {
  const issues: CredentialIssue[] = [];
  if (!USERNAME_PATTERN.test(input.username))
    issues.push({ field: 'username', rule: 'username_format' });
  if (!looksLikeEmail(input.email)) issues.push({ field: 'email', rule: 'email_format' });
  for (const rule of failedRules(input.password, passwordContext))
    issues.push({ field: 'password', rule });
  if (input.repeat !== undefined && input.repeat !== input.password) {
    issues.push({ field: 'repeat', rule: 'repeat_mismatch' });
  }
  return issues;
}
