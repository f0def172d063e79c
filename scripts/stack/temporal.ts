import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { onboardingSearchAttributes } from '../../workflows/search-attributes';
import { isPortOpen, Log, ManagedProcess, runStep, startProcess, waitFor } from './process';
import { StackProfile } from './profile';
import { cacheDir, goBinary, goInstallDir, isExecutable, which } from './tools';

const CLI_VERSION = 'v1.5.1'; // later tags carry `replace` directives that `go install` refuses
const HOST = '127.0.0.1';

export interface TemporalServer {
  address: string;
  uiUrl?: string;
  process?: ManagedProcess;
}

/** True once the server answers for the default namespace (its port opens earlier). */
export async function temporalAnswers(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 2000 });
  try {
    await connection.workflowService.describeNamespace({ namespace: 'default' });
    return true;
  } finally {
    await connection.close();
  }
}

export async function provideTemporal(profile: StackProfile, log: Log): Promise<TemporalServer> {
  const given = process.env[profile.urlVariables.temporal];
  const { port, uiPort } = profile.temporal;
  let server: TemporalServer;
  if (given) {
    log(`temporal: using ${given} (${profile.urlVariables.temporal})`);
    server = { address: given };
  } else if (await isPortOpen(HOST, port)) {
    log(`temporal: reusing the server already on ${HOST}:${port}`);
    server = { address: `${HOST}:${port}`, uiUrl: uiUrlFor(profile) };
  } else {
    const binary = await temporalBinary(profile, log);
    const logFile = join(profile.varDir, 'log', 'temporal.log');
    mkdirSync(profile.varDir, { recursive: true });
    const args = [
      'server',
      'start-dev',
      '--ip',
      HOST,
      '--port',
      String(port),
      '--ui-port',
      String(uiPort),
      '--log-level',
      'warn',
      // The same settings the SDK's testing package uses, so dev, tests and CI behave alike.
      '--dynamic-config-value',
      'frontend.enableUpdateWorkflowExecution=true',
      '--dynamic-config-value',
      'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
      '--dynamic-config-value',
      'frontend.enableExecuteMultiOperation=true',
      ...(profile.temporal.dynamicConfig ?? []).flatMap((value) => [
        '--dynamic-config-value',
        value,
      ]),
      ...onboardingSearchAttributes.flatMap((key) => [
        '--search-attribute',
        `${key.name}=${cliTypeName(key.type)}`,
      ]),
      ...(profile.temporal.dbFile ? ['--db-filename', profile.temporal.dbFile] : []),
      ...(profile.temporal.headless ? ['--headless'] : []),
      ...(profile.temporal.codecEndpoint
        ? ['--ui-codec-endpoint', profile.temporal.codecEndpoint]
        : []),
    ];
    log(`temporal: starting ${binary} on ${HOST}:${port}`);
    const proc = startProcess({ name: 'temporal', command: binary, args, logFile });
    await waitFor('temporal', () => isPortOpen(HOST, port), {
      timeoutMs: 60_000,
      process: proc,
      logFile,
    });
    server = {
      address: `${HOST}:${port}`,
      uiUrl: profile.temporal.headless ? undefined : uiUrlFor(profile),
      process: proc,
    };
  }
  await ensureSearchAttributes(server.address, log);
  return server;
}

function uiUrlFor(profile: StackProfile): string | undefined {
  return profile.temporal.headless ? undefined : `http://localhost:${profile.temporal.uiPort}`;
}

function cliTypeName(type: string): string {
  // SDK constants are upper case (KEYWORD); the CLI wants Keyword, Datetime.
  return type.charAt(0) + type.slice(1).toLowerCase();
}

/** Registers the search attributes on any server (ours or one given by address); idempotent. */
async function ensureSearchAttributes(address: string, log: Log): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: 10_000 });
  try {
    const namespace = 'default';
    await waitFor(
      'temporal namespace',
      async () => {
        await connection.workflowService.describeNamespace({ namespace });
        return true;
      },
      { timeoutMs: 30_000 },
    );
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    const missing = onboardingSearchAttributes.filter(
      (key) => !(key.name in (existing.customAttributes ?? {})),
    );
    if (missing.length === 0) return;
    log(`temporal: registering search attributes ${missing.map((k) => k.name).join(', ')}`);
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(
        missing.map((key) => [
          key.name,
          key.type === 'KEYWORD'
            ? temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD
            : temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
        ]),
      ),
    });
  } finally {
    await connection.close();
  }
}

/**
 * The Temporal CLI: PATH, then an earlier build outside the repository, else `go install` into
 * the cache. Also what tests run `temporal worker deployment …` with.
 */
export async function temporalBinary(profile: StackProfile, log: Log): Promise<string> {
  const onPath = which('temporal');
  if (onPath) return onPath;
  const cached = join(cacheDir, 'bin', `temporal-${CLI_VERSION}`);
  if (isExecutable(cached)) return cached;
  const go = goBinary();
  const earlier = join(goInstallDir(go), 'temporal');
  if (isExecutable(earlier)) return earlier;

  // Per process: two test runs on a fresh machine may both build, and must not trip each other.
  const buildDir = join(cacheDir, 'build', `temporal-${process.pid}`);
  mkdirSync(buildDir, { recursive: true });
  await runStep(
    `Building the Temporal CLI ${CLI_VERSION} (first time only, a few minutes)`,
    {
      command: go,
      args: ['install', `github.com/temporalio/cli/cmd/temporal@${CLI_VERSION}`],
      env: { ...process.env, GOBIN: buildDir, CGO_ENABLED: '0' },
      logFile: join(profile.varDir, 'log', 'build-temporal.log'),
    },
    log,
  );
  mkdirSync(join(cacheDir, 'bin'), { recursive: true });
  renameSync(join(buildDir, 'temporal'), cached);
  rmSync(buildDir, { recursive: true, force: true });
  if (!existsSync(cached)) throw new Error(`the Temporal CLI build left no binary at ${cached}`);
  return cached;
}
