import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type ManagedProcess, runStep, startProcess, waitFor } from '../scripts/stack/process';
import { repoRoot } from '../scripts/stack/profile';
import { type Log } from './progress';

export const benchVarDir = join(repoRoot, 'var', 'bench');
const logDir = join(benchVarDir, 'log');

export type ServiceName = 'api' | 'temporal-worker' | 'queue-worker';
export const START_ORDER: readonly ServiceName[] = ['temporal-worker', 'queue-worker', 'api'];

export function profileName(tag: string, service: ServiceName): string {
  return `${tag}-${service}.cpuprofile`;
}

const SERVICES: Record<ServiceName, { entry: string; ready: string }> = {
  api: { entry: 'dist/src/main.js', ready: 'api: listening' },
  'temporal-worker': { entry: 'dist/workers/temporal.worker.js', ready: 'polling task queue' },
  'queue-worker': { entry: 'dist/workers/queue.worker.js', ready: 'delivering HR events' },
};

/** `npm run build` once, so the bench measures the compiled service as production runs it. */
export async function buildService(log: Log): Promise<void> {
  await runStep(
    'Compiling TypeScript (npm run build)',
    {
      command: 'npm',
      args: ['run', '--silent', 'build'],
      cwd: repoRoot,
      logFile: join(logDir, 'build.log'),
    },
    log,
  );
}

/** The API, the Temporal worker and the queue worker as child processes of the bench. */
export class Services {
  private readonly running = new Map<ServiceName, ManagedProcess>();
  private stopping = false;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    readonly apiUrl: string,
    private readonly log: Log,
  ) {}

  /**
   * Starts every service; with `profile`, under `--cpu-prof`, each writing
   * `<dir>/<tag>-<service>.cpuprofile` when it stops.
   */
  async startAll(profile?: { dir: string; tag: string }): Promise<void> {
    // The worker first: the API's first webhook then finds someone polling.
    for (const name of START_ORDER) {
      const flags = profile
        ? [
            '--cpu-prof',
            '--cpu-prof-dir',
            profile.dir,
            '--cpu-prof-name',
            profileName(profile.tag, name),
          ]
        : [];
      await this.start(name, flags);
    }
  }

  /** Stops and starts every service (stopping a profiled one is what makes Node write its profile). */
  async restartAll(profile?: { dir: string; tag: string }): Promise<void> {
    for (const name of [...START_ORDER].reverse()) await this.stopOne(name);
    await this.startAll(profile);
  }

  pid(name: ServiceName): number | undefined {
    return this.running.get(name)?.child.pid;
  }

  /** The running services' process ids. */
  pids(): Record<string, number> {
    const result: Record<string, number> = {};
    for (const name of this.running.keys()) {
      const pid = this.pid(name);
      if (pid !== undefined) result[name] = pid;
    }
    return result;
  }

  /** Resident memory of each running service, from /proc/<pid>/status (VmRSS), in bytes. */
  async rss(): Promise<Record<string, number>> {
    const result: Record<string, number> = {};
    for (const [name, pid] of Object.entries(this.pids())) result[name] = await rssOf(pid);
    return result;
  }

  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.running.keys()].map((name) => this.stopOne(name)));
  }

  private async start(name: ServiceName, nodeFlags: string[] = []): Promise<void> {
    const { entry, ready } = SERVICES[name];
    const logFile = join(logDir, `${name}.log`);
    // A fresh log per start: readiness is a line in it, and an old line must not count.
    await rm(logFile, { force: true });
    const proc = startProcess({
      name,
      command: process.execPath,
      args: ['--enable-source-maps', ...nodeFlags, entry],
      cwd: repoRoot,
      env: this.env,
      logFile,
    });
    this.running.set(name, proc);
    void proc.exited.then((code) => {
      if (!this.stopping && this.running.get(name) === proc) {
        this.log(`${name} exited unexpectedly with code ${code}; see ${logFile}`);
      }
    });
    const started = Date.now();
    await waitFor(
      name,
      async () => (await readFile(logFile, 'utf8').catch(() => '')).includes(ready),
      { timeoutMs: 90_000, process: proc, logFile },
    );
    this.log(
      `${name} ready (pid ${proc.child.pid}, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
  }

  private async stopOne(name: ServiceName): Promise<void> {
    const proc = this.running.get(name);
    if (!proc) return;
    this.running.delete(name);
    await proc.stop(15_000);
  }
}

export async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) * 1024;
}
