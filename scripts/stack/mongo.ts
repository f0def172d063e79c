import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { isPortOpen, Log, ManagedProcess, runStep, startProcess, waitFor } from './process';
import { repoRoot, StackProfile } from './profile';
import { cacheDir, goBinary, isExecutable, which } from './tools';

const HOST = '127.0.0.1';
const FERRETDB_VERSION = 'v1.24.2';
const WRAPPER_DIR = join(repoRoot, 'scripts', 'ferretdb');

export interface MongoServer {
  uri: string;
  process?: ManagedProcess;
}

export async function provideMongo(profile: StackProfile, log: Log): Promise<MongoServer> {
  const given = process.env[profile.urlVariables.mongo];
  const { port, database } = profile.mongo;
  const uri = `mongodb://${HOST}:${port}/${database}`;
  if (given) {
    log(`mongodb: using ${redact(given)} (${profile.urlVariables.mongo})`);
    return { uri: given };
  }
  if (await isPortOpen(HOST, port)) {
    log(`mongodb: reusing the server already on ${HOST}:${port}`);
    await waitForPing(uri);
    return { uri };
  }

  const dataDir = join(profile.varDir, 'mongo');
  if (profile.mongo.fresh) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const logFile = join(profile.varDir, 'log', 'mongodb.log');
  const mongod = which('mongod');
  const [command, args] = mongod
    ? [mongod, ['--dbpath', dataDir, '--bind_ip', HOST, '--port', String(port)]]
    : [
        await ferretdbBinary(profile, log),
        // The same flags as FerretDB's own command, so a `ferretdb` on PATH works too.
        [
          `--listen-addr=${HOST}:${port}`,
          '--handler=sqlite',
          `--sqlite-url=file:${dataDir}/`,
          `--state-dir=${dataDir}`,
          '--telemetry=disable',
          '--debug-addr=-',
        ],
      ];
  log(`mongodb: starting ${command} on ${HOST}:${port}`);
  const proc = startProcess({ name: 'mongodb', command, args, logFile });
  await waitFor('mongodb', () => isPortOpen(HOST, port), {
    timeoutMs: 30_000,
    process: proc,
    logFile,
  });
  await waitForPing(uri);
  return { uri, process: proc };
}

async function waitForPing(uri: string): Promise<void> {
  await waitFor('mongodb ping', () => mongoPings(uri), { timeoutMs: 30_000 });
}

export async function mongoPings(uri: string): Promise<boolean> {
  const connection = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 2000 });
  try {
    await connection.asPromise();
    await connection.db?.admin().ping();
    return true;
  } finally {
    await connection.close();
  }
}

/** PATH, then the cached build of our wrapper (keyed by its sources), else build it now. */
async function ferretdbBinary(profile: StackProfile, log: Log): Promise<string> {
  const onPath = which('ferretdb');
  if (onPath) return onPath;
  const sources = ['go.mod', 'go.sum', 'main.go'].map((f) => readFileSync(join(WRAPPER_DIR, f)));
  const key = createHash('sha256').update(Buffer.concat(sources)).digest('hex').slice(0, 12);
  const cached = join(cacheDir, 'bin', `ferretdb-${FERRETDB_VERSION}-${key}`);
  if (isExecutable(cached)) return cached;

  mkdirSync(join(cacheDir, 'bin'), { recursive: true });
  const partial = `${cached}.${process.pid}.partial`; // concurrent builds never share a file
  await runStep(
    `Building FerretDB ${FERRETDB_VERSION} (first time only, a few minutes)`,
    {
      command: goBinary(),
      args: ['build', '-o', partial, '.'],
      cwd: WRAPPER_DIR,
      env: { ...process.env, CGO_ENABLED: '0' },
      logFile: join(profile.varDir, 'log', 'build-ferretdb.log'),
    },
    log,
  );
  renameSync(partial, cached);
  return cached;
}

function redact(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}
