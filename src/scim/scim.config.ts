import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** A SCIM bearer token: long enough that guessing it is hopeless. */
export const scimTokenSchema = z.string().min(32, 'must be at least 32 characters');

/**
 * Only the token's SHA-256 is kept: comparing digests of equal length in constant time says
 * nothing about the token's length or its first differing byte.
 */
export function hashScimToken(token: string | undefined): Buffer | undefined {
  return token === undefined ? undefined : createHash('sha256').update(token, 'utf8').digest();
}

/** Whether `offered` is the token whose digest is `expected`, in constant time. */
export function scimTokenMatches(offered: string, expected: Buffer): boolean {
  const digest = hashScimToken(offered);
  return digest !== undefined && timingSafeEqual(digest, expected);
}

/** What ServiceProviderConfig announces, and what the routes enforce. */
export const SCIM_LIMITS = {
  /** Operations in one Bulk request; more gets 413. */
  bulkMaxOperations: 100,
  /** Bytes of one Bulk request; more gets 413. Other SCIM bodies keep the API's 64 KiB. */
  bulkMaxPayloadBytes: 512 * 1024,
  /** Users in one page of a list or search. */
  maxResults: 200,
} as const;
