import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const root = resolve(__dirname, '..', '..');

/**
 * Compiles the service as `npm run build` does, into a folder of this test file's own (test
 * files run in parallel); returns the folder.
 */
export function buildService(name: string): string {
  const buildDir = resolve(root, 'var', 'test', `build-${name}`);
  execFileSync(
    process.execPath,
    [
      resolve(root, 'node_modules/typescript/bin/tsc'),
      '-p',
      'tsconfig.build.json',
      '--outDir',
      buildDir,
      '--tsBuildInfoFile',
      resolve(buildDir, '.tsbuildinfo'),
    ],
    { cwd: root, stdio: 'inherit' },
  );
  return buildDir;
}

const READY = {
  api: 'api: listening',
  temporal: 'polling task queue',
  queue: 'delivering HR events',
} as const;

const ENTRY = {
  api: 'src/main.js',
  temporal: 'workers/temporal.worker.js',
  queue: 'workers/queue.worker.js',
} as const;

export interface ServiceProcess {
  child: ChildProcess;
  /** Every line it wrote, stdout and stderr. */
  lines: string[];
}

/** A real process of the service, as production runs it; resolves once it says it works. */
export async function startServiceProcess(
  buildDir: string,
  kind: keyof typeof ENTRY,
  env: NodeJS.ProcessEnv,
): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [resolve(buildDir, ENTRY[kind])], {
    cwd: root,
    // At least info: readiness is an info line.
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  await new Promise<void>((resolveReady, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${kind} did not start:\n${lines.join('\n')}`)),
      60_000,
    );
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        if (line.includes(READY[kind])) {
          clearTimeout(timer);
          resolveReady();
        }
      });
    }
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${kind} exited with ${code}:\n${lines.join('\n')}`));
    });
  });
  return { child, lines };
}

/** SIGTERM, as an orchestrator stops a service; resolves with how it ended. */
export function stopGracefully(
  child: ChildProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolveExit) => {
    child.once('exit', (code, signal) => resolveExit({ code, signal }));
    child.kill('SIGTERM');
  });
}

export function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolveExit) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolveExit();
    child.once('exit', () => resolveExit());
    child.kill('SIGKILL');
  });
}
