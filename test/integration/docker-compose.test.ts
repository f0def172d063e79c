import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { parseConfig } from '../../src/config/config.schema';
import { generateSecrets } from '../../src/config/secrets';

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: unknown };
  restart?: string;
  depends_on?: Record<string, { condition: string }>;
}

const root = resolve(__dirname, '..', '..');
const compose = parse(readFileSync(resolve(root, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
};

/** `${NAME:?message}` and `${NAME:-default}` as `docker compose` fills them from a .env file. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(
    /\$\{(\w+)(?::([?-])([^}]*))?\}/g,
    (_, name: string, op?: string, arg?: string) => {
      const found = env[name];
      if (found) return found;
      if (op === '?') throw new Error(`${name} is required: ${arg}`);
      return op === '-' ? (arg ?? '') : '';
    },
  );
}

/** A service's environment as compose fills it from a fresh .env. */
function environmentOf(service: Service | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(service?.environment ?? {}).map(([k, v]) => [
      k,
      interpolate(String(v), generateSecrets()),
    ]),
  );
}

describe('docker-compose.yml', () => {
  const services = compose.services;

  it('has the whole system: Temporal on PostgreSQL, its UI, MongoDB, Redis, Mailpit, API, workers', () => {
    expect(Object.keys(services).sort()).toEqual(
      [
        'api',
        'mailpit',
        'mongo',
        'postgres',
        'queue-worker',
        'redis',
        'temporal',
        'temporal-setup',
        'temporal-ui',
        'temporal-worker',
        'temporal-worker-previous',
      ].sort(),
    );
    expect(services.temporal?.environment?.DB).toBe('postgres12');
    expect(services.mongo?.command).toContain('--replSet');
    expect(services.redis?.command).toEqual(expect.arrayContaining(['--appendonly', 'yes']));
  });

  it('gives the servers and the API health checks, and long-running services a restart policy', () => {
    for (const name of ['postgres', 'temporal', 'mongo', 'redis', 'api']) {
      expect(services[name]?.healthcheck?.test).toBeDefined();
    }
    for (const [name, service] of Object.entries(services)) {
      if (name !== 'temporal-setup') expect(service.restart).toBe('unless-stopped');
    }
  });

  it.each(['api', 'temporal-worker', 'queue-worker'])(
    'sets every variable the service requires for %s, which then passes its config check',
    (name) => {
      const service = services[name];
      expect(service?.build).toBe('.');
      const env = environmentOf(service);
      expect(env.NODE_ENV).toBe('production');
      const config = parseConfig(env);
      expect(config.mongo.uri).toContain('replicaSet=rs0');
      expect(config.temporal.address).toBe('temporal:7233');
      expect(config.mail.smtpUrl).toBe('smtp://mailpit:1025');
    },
  );

  it('pins onboardings to worker versions, and keeps the previous worker during a rollout', () => {
    const worker = services['temporal-worker'];
    expect(parseConfig(environmentOf(worker)).temporal.versioning).toEqual({
      mode: 'pinned',
      deploymentName: 'onboarding',
      buildId: undefined,
      setCurrent: 'if-none',
    });
    const previous = services['temporal-worker-previous'] as Service & { profiles?: string[] };
    expect(previous.profiles).toEqual(['rollout']);
    expect(previous.image).toMatch(/onboarding-temporal-worker:previous/);
    expect(previous.command).toEqual(worker?.command);
    expect(previous.environment).toEqual(worker?.environment);
  });

  it('refuses to start without the secrets (compose stops with the message)', () => {
    const api = services.api?.environment ?? {};
    expect(() => Object.values(api).forEach((v) => interpolate(String(v), {}))).toThrow(
      /is required: set it in .env \(npm run secrets\)/,
    );
  });
});
