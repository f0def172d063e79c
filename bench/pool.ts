import { performance } from 'node:perf_hooks';

export interface PoolResult<T> {
  values: T[];
  failures: number;
  firstError?: string;
  seconds: number;
}

/**
 * Runs `task(0..count-1)` with at most `concurrency` in flight. A failing task is counted,
 * not fatal: a benchmark reports errors next to its numbers instead of hiding them.
 */
export async function runPool<T>(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<T>,
  onDone?: (done: number) => void,
  /** No new task starts after this Date.now(); the ones running finish. */
  stopAt = Infinity,
): Promise<PoolResult<T>> {
  const values: T[] = [];
  let next = 0;
  let done = 0;
  let failures = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const lane = async () => {
    while (next < count && Date.now() < stopAt) {
      const index = next++;
      try {
        values.push(await task(index));
      } catch (error) {
        failures++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
      onDone?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return { values, failures, firstError, seconds: (performance.now() - start) / 1000 };
}
