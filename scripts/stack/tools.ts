import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** Builds are cached outside the repository so a fresh clone reuses them. */
export const cacheDir =
  process.env.ONBOARDING_CACHE_DIR ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'onboarding-service');

export class MissingToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingToolError';
  }
}

export function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function goBinary(): string {
  const go = which('go') ?? ['/usr/local/go/bin/go'].find(isExecutable);
  if (!go) {
    throw new MissingToolError(
      'Go is needed to build the Temporal CLI and FerretDB once. Install Go 1.24 or newer ' +
        '(https://go.dev/doc/install, or `apt-get install golang-go`), or point ' +
        'TEMPORAL_ADDRESS and MONGODB_URI at running servers.',
    );
  }
  return go;
}

/** Where `go install` put binaries before (GOBIN, else GOPATH/bin). */
export function goInstallDir(go: string): string {
  const env = (key: string) => execFileSync(go, ['env', key], { encoding: 'utf8' }).trim();
  return env('GOBIN') || join(env('GOPATH').split(delimiter)[0] ?? join(homedir(), 'go'), 'bin');
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}
