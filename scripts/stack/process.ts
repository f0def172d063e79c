import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { type Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { type StackProfile } from './profile';
import { isRoot, MissingToolError, which } from './tools';

export type Log = (message: string) => void;

/** A process this stack started; `stop()` ends it and nothing else. */
export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** How it was started, so it can be started again the same way. */
  options: StartOptions;
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL, as a crash or the OOM killer would end it. */
  kill(): Promise<void>;
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  logFile: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Also print the output to this terminal, each line behind this prefix. */
  echoPrefix?: string;
}

export function startProcess(options: StartOptions): ManagedProcess {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: a Ctrl-C in the terminal reaches only the orchestrator,
    // which then stops its children in order.
    detached: true,
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream?.pipe(log);
    if (options.echoPrefix) echoLines(stream, options.echoPrefix);
  }
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : null)));
    child.once('error', () => resolve(127));
  });
  return {
    name: options.name,
    child,
    exited,
    options,
    async kill() {
      signalGroup(child, 'SIGKILL');
      await exited;
    },
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalGroup(child, 'SIGTERM');
      const grace = new AbortController();
      const stopped = await Promise.race([
        exited.then(() => true),
        delay(graceMs, false, { signal: grace.signal }).catch(() => true),
      ]);
      grace.abort(); // no timer may outlive the process it waited for
      if (!stopped) {
        signalGroup(child, 'SIGKILL');
        await exited;
      }
    },
  };
}

function echoLines(stream: Readable | null, prefix: string): void {
  if (!stream) return;
  createInterface({ input: stream }).on('line', (line) => {
    process.stdout.write(`${prefix}${line}\n`);
  });
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

export function isPortOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Polls `ready` until it holds; fails early if the process it waits for has exited. */
export async function waitFor(
  what: string,
  ready: () => Promise<boolean>,
  options: { timeoutMs: number; process?: ManagedProcess; logFile?: string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let exitCode: number | null | undefined;
  void options.process?.exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(
        `${what} exited with code ${exitCode} while starting; see ${options.logFile}`,
      );
    }
    if (await ready().catch(() => false)) return;
    await delay(200);
  }
  throw new Error(
    `${what} was not ready after ${options.timeoutMs / 1000} s` +
      (options.logFile ? `; see ${options.logFile}` : ''),
  );
}

/** Runs a command to completion, its output to a log file, printing progress while it runs. */
export async function runStep(
  label: string,
  options: Omit<StartOptions, 'name'>,
  log: Log,
): Promise<void> {
  const started = Date.now();
  log(`${label} (output in ${options.logFile})`);
  const proc = startProcess({ ...options, name: label });
  const ticker = setInterval(() => {
    log(`  … still ${label.toLowerCase()}, ${Math.round((Date.now() - started) / 1000)} s`);
  }, 15_000);
  try {
    const code = await proc.exited;
    if (code !== 0) throw new Error(`${label} failed with code ${code}; see ${options.logFile}`);
    log(`  done in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    clearInterval(ticker);
  }
}

/** Installs a Debian package (root only); otherwise one message saying what to install. */
export async function aptInstall(
  pkg: string,
  profile: StackProfile,
  log: Log,
  missing: string,
): Promise<void> {
  if (!isRoot() || !which('apt-get')) throw new MissingToolError(missing);
  const logFile = join(profile.varDir, 'log', `install-${pkg}.log`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await runStep(
    'Updating the package lists',
    { command: 'apt-get', args: ['update'], env, logFile },
    log,
  );
  await runStep(
    `Installing ${pkg} (first time only)`,
    { command: 'apt-get', args: ['install', '-y', '--no-install-recommends', pkg], env, logFile },
    log,
  );
}
