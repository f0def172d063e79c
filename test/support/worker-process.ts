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

/**
 * A real worker process (`temporal` or `queue`), as production runs it; resolves once it
 * says it is working.
 */
export async function startWorkerProcess(
  buildDir: string,
  kind: 'temporal' | 'queue',
  env: NodeJS.ProcessEnv,
): Promise<ChildProcess> {
  const ready = kind === 'temporal' ? 'polling task queue' : 'delivering HR events';
  const child = spawn(process.execPath, [resolve(buildDir, `workers/${kind}.worker.js`)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolvePolling, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${output}`)), 60_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.includes(ready)) {
        clearTimeout(timer);
        resolvePolling();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code}:\n${output}`));
    });
  });
  return child;
}

export function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolveExit) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolveExit();
    child.once('exit', () => resolveExit());
    child.kill('SIGKILL');
  });
}
