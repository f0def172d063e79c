import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { aptInstall, isPortOpen, Log, ManagedProcess, startProcess, waitFor } from './process';
import { StackProfile } from './profile';
import { which } from './tools';

const HOST = '127.0.0.1';
const SHARED_PORT = 6379;

export interface RedisServer {
  url: string;
  process?: ManagedProcess;
}

export async function provideRedis(profile: StackProfile, log: Log): Promise<RedisServer> {
  const given = process.env[profile.urlVariables.redis];
  if (given) {
    log(`redis: using ${given.replace(/\/\/[^@/]*@/, '//***@')} (${profile.urlVariables.redis})`);
    return { url: given };
  }
  // A Redis already answering on the standard port is reused; the database number
  // keeps dev (0) and test (1) data apart.
  if (!profile.redis.own && (await answersPing(SHARED_PORT))) {
    log(`redis: reusing the server on ${HOST}:${SHARED_PORT}, database ${profile.redis.database}`);
    return { url: `redis://${HOST}:${SHARED_PORT}/${profile.redis.database}` };
  }
  const { port, database } = profile.redis;
  const url = `redis://${HOST}:${port}/${database}`;
  if (port !== SHARED_PORT && (await answersPing(port))) {
    log(`redis: reusing the server on ${HOST}:${port}`);
    return { url };
  }

  const binary = which('redis-server') ?? (await installRedis(profile, log));
  const dataDir = join(profile.varDir, 'redis');
  mkdirSync(dataDir, { recursive: true });
  const logFile = join(profile.varDir, 'log', 'redis.log');
  log(`redis: starting ${binary} on ${HOST}:${port}`);
  const proc = startProcess({
    name: 'redis',
    command: binary,
    args: [
      '--bind',
      HOST,
      '--port',
      String(port),
      '--dir',
      dataDir,
      '--appendonly',
      'yes',
      '--save',
      '',
    ],
    logFile,
  });
  await waitFor('redis', () => answersPing(port), { timeoutMs: 20_000, process: proc, logFile });
  return { url, process: proc };
}

export async function answersPing(port: number): Promise<boolean> {
  if (!(await isPortOpen(HOST, port))) return false;
  const client = new Redis({ host: HOST, port, lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function installRedis(profile: StackProfile, log: Log): Promise<string> {
  await aptInstall(
    'redis-server',
    profile,
    log,
    'Redis is needed: install redis-server (Debian/Ubuntu: `sudo apt-get install redis-server`) ' +
      'or set REDIS_URL to a running server.',
  );
  return which('redis-server') ?? '/usr/bin/redis-server';
}
