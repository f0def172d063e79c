import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Constant-time equality of two strings of any length (hashed first to equal lengths). */
function same(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** Whether `given` is the HMAC of `data` under one of `secrets` (each used as its UTF-8 bytes). */
export function hmacMatches(
  algorithm: 'sha256' | 'sha512',
  encoding: 'hex' | 'base64',
  secrets: readonly string[],
  data: Buffer,
  given: string | undefined,
): boolean {
  if (!given) return false;
  const expected = secrets.map((s) => createHmac(algorithm, s).update(data).digest(encoding));
  // Every secret is tried, so the time taken does not tell which one matched.
  return expected.map((e) => same(e, given.trim())).includes(true);
}

/** Whether `given` is one of the configured tokens (a static Authorization header). */
export function tokenMatches(tokens: readonly string[], given: string | undefined): boolean {
  if (!given) return false;
  return tokens.map((t) => same(t, given)).includes(true);
}
