import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Vendor } from '../../src/hr-adapters/adapters.schema';

/** A vendor's documented example (or documented-shape record), without its `_source` note. */
export function fixture(vendor: Vendor, name: string): Record<string, unknown> {
  const path = join(__dirname, '../../src/hr-adapters', vendor, 'fixtures', `${name}.json`);
  return (JSON.parse(readFileSync(path, 'utf8')) as { body: Record<string, unknown> }).body;
}
