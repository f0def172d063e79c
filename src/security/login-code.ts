import { randomInt } from 'node:crypto';

/** No look-alikes: 0/O, 1/I/L are left out, so a code read off a phone is typed right. */
export const LOGIN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const LOGIN_CODE_LENGTH = 12;

export function generateLoginCode(): string {
  let code = '';
  for (let i = 0; i < LOGIN_CODE_LENGTH; i++) {
    code += LOGIN_CODE_ALPHABET[randomInt(LOGIN_CODE_ALPHABET.length)];
  }
  return code;
}

/** `X9P4XD7S9RTE` → `X9P4 XD7S 9RTE`, the way the invite shows it. */
export function formatLoginCode(code: string): string {
  return code.match(/.{1,4}/g)?.join(' ') ?? code;
}

/** Accepts any case, with or without spaces or dashes; null when it cannot be a login code. */
export function normalizeLoginCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, '').toUpperCase();
  if (code.length !== LOGIN_CODE_LENGTH) return null;
  for (const char of code) if (!LOGIN_CODE_ALPHABET.includes(char)) return null;
  return code;
}
