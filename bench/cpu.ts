import { readdir, readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { serverPids } from './server-pids';
import { type Services } from './services';
import { round } from './stats';

/** CPU time (user + system) in ms, by process: the service's three and the servers under it. */
export type CpuTimes = Record<string, number>;

/** What one unit of work (an accepted hire, a finished flow) cost each process, in CPU ms. */
export interface CpuCost {
  perItemMs: CpuTimes;
  /** The service and its servers; not the bench, which plays HR, the mail server and people. */
  totalPerItemMs: number;
  /**
   * Items per second the machine's cores could do at that cost if nothing else ran: the
   * ceiling every other number is under. Measured near it means CPU-bound.
   */
  ceilingPerSecond: number;
}

export const BENCH_PROCESS = 'bench';

// Linux reports CPU time in clock ticks; USER_HZ is 100 on every mainstream build.
const TICK_MS = 10;

/**
 * Sums CPU time per process name. PostgreSQL, when FerretDB runs on it, is one process per
 * connection, so all of them count, including other users' on a shared machine.
 */
export async function cpuTimes(services: Services, postgresql: boolean): Promise<CpuTimes> {
  const pids: Record<string, number[]> = { [BENCH_PROCESS]: [process.pid] };
  for (const [name, pid] of Object.entries(services.pids())) pids[name] = [pid];
  for (const [name, pid] of Object.entries(await serverPids())) pids[name] = [pid];
  if (postgresql) pids.postgresql = await pidsNamed('postgres');
  const times: CpuTimes = {};
  for (const [name, list] of Object.entries(pids)) {
    let ms = 0;
    for (const pid of list) ms += await cpuMsOf(pid).catch(() => 0);
    times[name] = ms;
  }
  return times;
}

/** The CPU each process spent between two readings, divided over `items`. */
export function cpuCost(before: CpuTimes, after: CpuTimes, items: number): CpuCost {
  const perItemMs: CpuTimes = {};
  let total = 0;
  for (const [name, ms] of Object.entries(after)) {
    // New since the first reading: all of it; restarted in between: unknown, so nothing.
    const spent = Math.max(0, ms - (before[name] ?? 0));
    perItemMs[name] = items > 0 ? round(spent / items) : 0;
    if (name !== BENCH_PROCESS) total += spent;
  }
  const totalPerItemMs = items > 0 ? round(total / items) : 0;
  return {
    perItemMs,
    totalPerItemMs,
    ceilingPerSecond: totalPerItemMs > 0 ? round((cpus().length * 1000) / totalPerItemMs) : 0,
  };
}

/** Every process's share added up (a floor's parts, say). */
export function sumMs(times: CpuTimes): number {
  return round(Object.values(times).reduce((sum, ms) => sum + ms, 0));
}

async function cpuMsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which may itself hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

async function pidsNamed(command: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const comm = await readFile(`/proc/${entry}/comm`, 'utf8').catch(() => '');
    if (comm.trim() === command) found.push(Number(entry));
  }
  return found;
}
