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
// Debian's default cluster, trust auth on loopback; a user elsewhere sets FERRETDB_POSTGRESQL_URL.
const LOCAL_POSTGRESQL = `postgres://postgres@${HOST}:5432/postgres`;

export interface MongoServer {
  uri: string;
  process?: ManagedProcess;
  /** Set when this stack started FerretDB on PostgreSQL, whose processes then do its work. */
  postgresqlUrl?: string;
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

  const logFile = join(profile.varDir, 'log', 'mongodb.log');
  const mongod = which('mongod');
  if (mongod) {
    const dataDir = freshDir(profile, 'mongo');
    const args = ['--dbpath', dataDir, '--bind_ip', HOST, '--port', String(port)];
    return { uri, process: await startMongoWire(mongod, args, uri, port, logFile, log) };
  }
  const ferretdb = await ferretdbBinary(profile, log);
  // The same flags as FerretDB's own command, so a `ferretdb` on PATH works too.
  const common = [`--listen-addr=${HOST}:${port}`, '--telemetry=disable', '--debug-addr=-'];
  const postgresql = await postgresqlFor(profile);
  if (postgresql) {
    const args = [
      ...common,
      '--handler=postgresql',
      `--postgresql-url=${withCustomPlans(postgresql.url)}`,
    ];
    log(`mongodb: FerretDB on PostgreSQL at ${redact(postgresql.url)} (${postgresql.why})`);
    try {
      const proc = await startMongoWire(ferretdb, args, uri, port, logFile, log);
      // One PostgreSQL serves every run: a fresh database is dropped, not deleted from disk.
      if (profile.mongo.fresh) await dropDatabase(uri);
      return { uri, process: proc, postgresqlUrl: postgresql.url };
    } catch (error) {
      if (postgresql.explicit) throw error;
      log(`mongodb: PostgreSQL did not serve FerretDB (${String(error)}); using SQLite instead`);
    }
  }
  const dataDir = freshDir(profile, 'mongo');
  const args = [
    ...common,
    '--handler=sqlite',
    `--sqlite-url=file:${dataDir}/`,
    `--state-dir=${dataDir}`,
  ];
  return { uri, process: await startMongoWire(ferretdb, args, uri, port, logFile, log) };
}

/**
 * FerretDB's PostgreSQL backend takes concurrent writes; on SQLite they queue for one file
 * lock and throughput falls as concurrency rises. Named by FERRETDB_POSTGRESQL_URL, or for
 * profiles that prefer it (the benchmarks) a local PostgreSQL on its standard port.
 */
async function postgresqlFor(
  profile: StackProfile,
): Promise<{ url: string; why: string; explicit: boolean } | undefined> {
  const given = process.env.FERRETDB_POSTGRESQL_URL;
  if (given) return { url: given, why: 'FERRETDB_POSTGRESQL_URL', explicit: true };
  if (!profile.mongo.preferPostgresql || !(await isPortOpen(HOST, 5432))) return undefined;
  return { url: LOCAL_POSTGRESQL, why: `the ${profile.name} profile prefers it`, explicit: false };
}

/**
 * FerretDB prepares its statements with the field name as a parameter. A generic plan, which
 * PostgreSQL may settle on while a table is still small, can use no expression index and is kept
 * as the table grows; custom plans can use the GIN twins (ferretdb-indexes.ts).
 */
function withCustomPlans(url: string): string {
  const parsed = new URL(url);
  if (!parsed.searchParams.has('plan_cache_mode')) {
    parsed.searchParams.set('plan_cache_mode', 'force_custom_plan');
  }
  return parsed.toString();
}

function freshDir(profile: StackProfile, name: string): string {
  const dir = join(profile.varDir, name);
  if (profile.mongo.fresh) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function startMongoWire(
  command: string,
  args: string[],
  uri: string,
  port: number,
  logFile: string,
  log: Log,
): Promise<ManagedProcess> {
  log(`mongodb: starting ${command} on ${HOST}:${port}`);
  const proc = startProcess({ name: 'mongodb', command, args, logFile });
  try {
    await waitFor('mongodb', () => isPortOpen(HOST, port), {
      timeoutMs: 30_000,
      process: proc,
      logFile,
    });
    // FerretDB's ping reaches its backend, so a PostgreSQL that refuses it fails here.
    await waitForPing(uri);
    return proc;
  } catch (error) {
    await proc.stop();
    throw error;
  }
}

async function dropDatabase(uri: string): Promise<void> {
  const connection = await mongoose.createConnection(uri).asPromise();
  try {
    await connection.dropDatabase();
  } finally {
    await connection.close();
  }
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
