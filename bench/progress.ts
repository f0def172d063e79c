import { performance } from 'node:perf_hooks';

export type Log = (line: string) => void;

const started = performance.now();

/** Seconds since the bench started, for progress lines and phase timings. */
export function elapsedSeconds(): number {
  return (performance.now() - started) / 1000;
}

/** One progress line, stamped with the seconds since start so slow phases stand out. */
export const log: Log = (line) => {
  console.log(`[bench ${elapsedSeconds().toFixed(1).padStart(6)} s] ${line}`);
};

/** Logs at most every `everyMs`, plus the last call: long loops show progress without flooding. */
export function throttled(logLine: Log, everyMs = 5000): (line: string, last?: boolean) => void {
  let lastAt = 0;
  return (line, last = false) => {
    const now = performance.now();
    if (!last && now - lastAt < everyMs) return;
    lastAt = now;
    logLine(line);
  };
}
