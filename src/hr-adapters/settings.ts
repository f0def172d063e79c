import { z } from 'zod';
import { population } from '../onboardings/policy';

/**
 * Pieces every adapter's settings share. Each secret is a list, so a vendor secret can be
 * rotated: the new one is added, the vendor switched over, then the old one removed.
 */
export const secretList = z.array(z.string().min(16, 'at least 16 characters')).min(1);

/** The vendor's employment type (as its API names it) → one of the client's named policies. */
export const populationTable = z.record(z.string().min(1).max(100), population).optional();

/**
 * Where the vendor's API lives; settable so a sandbox (or a local stand-in) can take its place.
 * The API credentials travel with each call, so plain http only to this machine.
 */
export const apiUrl = (production: string) =>
  z
    .url({ protocol: /^https?$/ })
    .refine((url) => {
      const { protocol, hostname } = new URL(url);
      return protocol === 'https:' || ['127.0.0.1', '[::1]', 'localhost'].includes(hostname);
    }, 'must be https:// (plain http only to loopback)')
    .default(production)
    .transform((url) => url.replace(/\/+$/, ''));
