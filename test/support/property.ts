import fc from 'fast-check';

/**
 * One seed for every property of a test file, printed before they run, so a failure can be
 * replayed exactly: `FC_SEED=<seed> npx jest <file>`.
 */
export function seedProperties(file: string): number {
  const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : Date.now() % 2 ** 31;
  process.stderr.write(`[property] ${file}: seed ${seed} (replay with FC_SEED=${seed})\n`);
  fc.configureGlobal({ seed });
  return seed;
}
