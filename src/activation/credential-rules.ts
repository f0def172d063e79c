import type { FieldProblem } from '../http/problem';

export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$/;

/** The server side of the password rules the form shows; each failure names its field. */
export function credentialProblems(input: {
  username: string;
  password: string;
  email: string;
}): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!USERNAME_PATTERN.test(input.username)) {
    problems.push({
      field: 'username',
      message:
        '3 to 32 letters, digits, dots, dashes or underscores, starting with a letter or digit',
    });
  }
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email) || input.email.length > 254) {
    problems.push({ field: 'email', message: 'not an e-mail address' });
  }
  const p = input.password;
  if (p.length < 12) problems.push({ field: 'password', message: 'at least 12 characters' });
  if (p.length > 128) problems.push({ field: 'password', message: 'at most 128 characters' });
  if (!/[A-Z]/.test(p) || !/[a-z]/.test(p) || !/[0-9]/.test(p)) {
    problems.push({
      field: 'password',
      message: 'at least 1 capital letter, 1 small letter and 1 digit',
    });
  }
  if (input.username.length >= 3 && p.toLowerCase().includes(input.username.toLowerCase())) {
    problems.push({ field: 'password', message: 'must not contain the username' });
  }
  return problems;
}
