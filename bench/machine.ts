import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { basename, join } from 'node:path';
import { Connection } from '@temporalio/client';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { repoRoot } from '../scripts/stack/profile';
import { cacheDir, which } from '../scripts/stack/tools';

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryBytes: number;
  node: string;
  os: string;
}

export interface Versions {
  temporalCli: string;
  temporalServer: string;
  ferretdb: string;
  redisServer: string;
  packages: Record<string, string>;
}

const PACKAGES = [
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/workflow',
  '@temporalio/common',
  'mongoose',
  'bullmq',
  'ioredis',
  '@nestjs/core',
  'nodemailer',
  '@node-rs/argon2',
];

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cores: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    memoryBytes: totalmem(),
    node: process.version,
    os: `${process.platform} ${release()}`,
  };
}

/** Versions as the running servers report them, so a reused or external server is named right. */
export async function versions(env: {
  TEMPORAL_ADDRESS: string;
  MONGODB_URI: string;
  REDIS_URL: string;
}): Promise<Versions> {
  const [temporalServer, ferretdb, redisServer] = await Promise.all([
    temporalServerVersion(env.TEMPORAL_ADDRESS).catch(() => 'unknown'),
    mongoVersion(env.MONGODB_URI).catch(() => 'unknown'),
    redisVersion(env.REDIS_URL).catch(() => 'unknown'),
  ]);
  const packages: Record<string, string> = {};
  for (const name of PACKAGES) packages[name] = packageVersion(name);
  return { temporalCli: temporalCliVersion(), temporalServer, ferretdb, redisServer, packages };
}

/**
 * The binary scripts/stack/temporal.ts would use: PATH, then its cached build. A `go install`
 * build calls itself 0.0.0-DEV; its cached name carries the tag it was built from.
 */
function temporalCliVersion(): string {
  const binary = which('temporal') ?? join(cacheDir, 'bin', 'temporal-v1.5.1');
  try {
    const out = execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000 });
    return `${out.trim().replace(/^temporal version /, '')}, binary ${basename(binary)}`;
  } catch {
    return 'v1.5.1 (the version scripts/stack builds; binary not found)';
  }
}

async function temporalServerVersion(address: string): Promise<string> {
  const connection = await Connection.connect({ address, connectTimeout: 5000 });
  try {
    const info = await connection.workflowService.getSystemInfo({});
    return info.serverVersion ?? 'unknown';
  } finally {
    await connection.close();
  }
}

/** FerretDB names itself in buildInfo; a real mongod only has `version`. */
async function mongoVersion(uri: string): Promise<string> {
  const connection = await mongoose
    .createConnection(uri, { serverSelectionTimeoutMS: 5000 })
    .asPromise();
  try {
    const info = ((await connection.db?.admin().buildInfo()) ?? {}) as {
      version?: string;
      ferretdbVersion?: string;
      ferretdb?: { version?: string };
    };
    const ferret = info.ferretdbVersion ?? info.ferretdb?.version;
    if (!ferret) return `MongoDB ${info.version ?? 'unknown'}`;
    // Our wrapper build reports `unknown`; the version it embeds is in its go.mod.
    const version = `FerretDB ${ferret === 'unknown' ? wrappedFerretdbVersion() : ferret}`;
    // Its first startup warning names the backend: "Powered by FerretDB v… and SQLite 3.46.1."
    const warnings = (await connection.db?.admin().command({ getLog: 'startupWarnings' })) as
      { log?: string[] } | undefined;
    const backend = /Powered by FerretDB \S+ and (\w+ [\d.]*\d)/.exec(
      warnings?.log?.[0] ?? '',
    )?.[1];
    return backend ? `${version} on ${backend}` : version;
  } finally {
    await connection.close();
  }
}

async function redisVersion(url: string): Promise<string> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    const info = await client.info('server');
    return /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
  } finally {
    client.disconnect();
  }
}

function wrappedFerretdbVersion(): string {
  const goMod = readFileSync(join(repoRoot, 'scripts', 'ferretdb', 'go.mod'), 'utf8');
  return /FerretDB\/FerretDB (v\S+)/.exec(goMod)?.[1] ?? 'unknown';
}

function packageVersion(name: string): string {
  try {
    const file = join(repoRoot, 'node_modules', name, 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}
