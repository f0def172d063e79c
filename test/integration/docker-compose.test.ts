import { existsSync, readFileSync, statSync } from 'node:fs';
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
  volumes?: string[];
  ports?: string[];
}

const root = resolve(__dirname, '..', '..');
// `merge`: `<<: *service-env` merges the shared environment into a service's, as compose does.
const compose = parse(readFileSync(resolve(root, 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
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

/** A service's environment as compose fills it from a fresh .env (and `dotEnv`). */
function environmentOf(
  service: Service | undefined,
  dotEnv: Record<string, string> = {},
): Record<string, string> {
  const env = {
    ...generateSecrets(),
    GRAFANA_ADMIN_PASSWORD: 'a-password-for-grafana',
    ...dotEnv,
  };
  return Object.fromEntries(
    Object.entries(service?.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), env)]),
  );
}

/** A service's bind mounts of this directory's files: the container path by the host path. */
function bindMounts(service: Service | undefined): Record<string, string> {
  return Object.fromEntries(
    (service?.volumes ?? [])
      .filter((v) => v.startsWith('./'))
      .map((v) => {
        const [host, container, mode] = v.split(':');
        expect(mode).toBe('ro');
        return [host!, container!];
      }),
  );
}

describe('docker-compose.yml', () => {
  const services = compose.services;

  it('has the whole system: Temporal on PostgreSQL, its UI, MongoDB, Redis, Mailpit, API, workers, Prometheus, Grafana', () => {
    expect(Object.keys(services).sort()).toEqual(
      [
        'api',
        'grafana',
        'mailpit',
        'mongo',
        'postgres',
        'prometheus',
        'prometheus-token',
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
    // The one-shots run once per `up`.
    const oneShots = ['temporal-setup', 'prometheus-token'];
    for (const [name, service] of Object.entries(services)) {
      expect(service.restart).toBe(oneShots.includes(name) ? 'no' : 'unless-stopped');
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

  it('mounts ./config where HR_CLIENTS_FILE and BRAND_FILE are read, and passes REMINDER_SPREAD on', () => {
    // The image's working directory: a relative HR_CLIENTS_FILE is read from there.
    expect(readFileSync(resolve(root, 'Dockerfile'), 'utf8')).toMatch(/^WORKDIR \/app$/m);
    for (const name of ['api', 'temporal-worker', 'temporal-worker-previous', 'queue-worker']) {
      expect(bindMounts(services[name])).toEqual({ './config': '/app/config' });
      const hrClients = environmentOf(services[name], { HR_CLIENTS_FILE: 'config/hr.json' });
      expect(hrClients.HR_CLIENTS_FILE).toBe('config/hr.json');
      const env = environmentOf(services[name], { REMINDER_SPREAD: '4h' });
      expect(parseConfig(env).policy.workingHours).toMatchObject({ spreadSec: 4 * 3600 });
    }
  });

  it('runs Prometheus on deploy/prometheus with OPS_TOKEN in the file its scrape config names', () => {
    const prometheus = services.prometheus;
    expect(prometheus?.image).toMatch(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
    expect(bindMounts(prometheus)).toEqual({ './deploy/prometheus': '/etc/prometheus' });
    for (const file of ['prometheus.yml', 'rules/onboarding.yml', 'rules/thresholds.yml']) {
      expect(existsSync(resolve(root, 'deploy/prometheus', file))).toBe(true);
    }
    // The token file: prometheus-token writes OPS_TOKEN into a volume Prometheus mounts.
    const config = parse(
      readFileSync(resolve(root, 'deploy/prometheus/prometheus.yml'), 'utf8'),
    ) as {
      scrape_configs: { job_name: string; authorization?: { credentials_file?: string } }[];
    };
    const tokenFile = config.scrape_configs.find((j) => j.job_name === 'api')?.authorization
      ?.credentials_file;
    expect(tokenFile).toBe('/run/secrets/ops-token');
    expect(prometheus?.volumes).toContain('prometheus-secrets:/run/secrets:ro');
    expect(prometheus?.depends_on?.['prometheus-token']).toEqual({
      condition: 'service_completed_successfully',
    });
    const writer = services['prometheus-token'];
    expect(writer?.volumes).toEqual(['prometheus-secrets:/secrets']);
    expect(writer?.environment?.OPS_TOKEN).toBe(services.api?.environment?.OPS_TOKEN);
    expect(writer?.command?.join(' ')).toMatch(/printf %s "\$\$OPS_TOKEN" > \/secrets\/ops-token/);
    expect(compose.volumes).toHaveProperty('prometheus-secrets');
  });

  it.each(['temporal-worker', 'temporal-worker-previous'])(
    'lets Prometheus reach the metrics ports of %s (WORKER_METRICS_HOST=0.0.0.0)',
    (name) => {
      const config = parseConfig(environmentOf(services[name]));
      expect(services[name]?.environment?.WORKER_METRICS_HOST).toBe('0.0.0.0');
      expect(config.metrics.host).toBe('0.0.0.0');
    },
  );

  it('runs Grafana with the provisioned data source and dashboard, behind a login', () => {
    const grafana = services.grafana;
    expect(grafana?.image).toMatch(/^grafana\/grafana:\d+\.\d+\.\d+$/);
    const mounts = bindMounts(grafana);
    expect(mounts).toEqual({
      './deploy/grafana/provisioning': '/etc/grafana/provisioning',
      './deploy/grafana/dashboards': '/etc/grafana/dashboards',
    });
    for (const host of Object.keys(mounts)) {
      expect(statSync(resolve(root, host)).isDirectory()).toBe(true);
    }
    expect(existsSync(resolve(root, 'deploy/grafana/dashboards/onboarding.json'))).toBe(true);
    // The dashboard provider reads the directory the dashboards are mounted at.
    const provider = parse(
      readFileSync(resolve(root, 'deploy/grafana/provisioning/dashboards/onboarding.yml'), 'utf8'),
    ) as { providers: { type: string; options: { path: string } }[] };
    expect(provider.providers.map((p) => [p.type, p.options.path])).toEqual([
      ['file', '/etc/grafana/dashboards'],
    ]);
    const datasources = parse(
      readFileSync(resolve(root, 'deploy/grafana/provisioning/datasources/prometheus.yml'), 'utf8'),
    ) as { datasources: { uid: string; type: string; url: string }[] };
    expect(datasources.datasources).toEqual([
      expect.objectContaining({
        uid: 'prometheus',
        type: 'prometheus',
        url: 'http://prometheus:9090',
      }),
    ]);
    // Not on the API's port; no anonymous viewers; the password comes from .env.
    expect(grafana?.ports).toEqual(['3001:3000']);
    const env = environmentOf(grafana);
    expect(env).toMatchObject({
      GF_AUTH_ANONYMOUS_ENABLED: 'false',
      GF_SECURITY_ADMIN_PASSWORD: 'a-password-for-grafana',
    });
    expect(() => interpolate(String(grafana?.environment?.GF_SECURITY_ADMIN_PASSWORD), {})).toThrow(
      /GRAFANA_ADMIN_PASSWORD is required/,
    );
  });

  it('refuses to start without the secrets (compose stops with the message)', () => {
    const api = services.api?.environment ?? {};
    expect(() => Object.values(api).forEach((v) => interpolate(String(v), {}))).toThrow(
      /is required: set it in .env \(npm run secrets\)/,
    );
  });
});
