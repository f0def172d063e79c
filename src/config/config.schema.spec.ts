import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, parseConfig } from './config.schema';
import { generateSecrets } from './secrets';

const secrets = generateSecrets();

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('parseConfig', () => {
  it('applies the documented defaults', () => {
    const config = parseConfig(secrets);
    expect(config.http).toEqual({
      host: '127.0.0.1',
      port: 3000,
      publicUrl: 'http://localhost:3000',
      trustProxyHops: 0,
    });
    expect(config.temporal.address).toBe('127.0.0.1:7233');
    expect(config.mongo.uri).toBe('mongodb://127.0.0.1:27017/onboarding');
    expect(config.policy).toEqual({
      codeValidityMs: 7 * 86_400_000,
      inviteRemindersMs: [2 * 86_400_000, 5 * 86_400_000],
      lastDayReminderMs: 86_400_000,
      stallReminderMs: 86_400_000,
      expiredRetentionMs: 30 * 86_400_000,
      // Mails wait for 09:00-17:00 on weekdays; no lead time and no escalation unless set.
      workingHours: { startSec: 9 * 3600, endSec: 17 * 3600, days: [1, 2, 3, 4, 5] },
    });
    expect(config.hrClients.map((c) => c.id)).toEqual(['default']);
  });

  it('treats an empty value as unset', () => {
    expect(parseConfig({ ...secrets, PORT: '' }).http.port).toBe(3000);
  });

  it('drops a trailing slash from PUBLIC_URL so links can be joined safely', () => {
    const config = parseConfig({ ...secrets, PUBLIC_URL: 'https://onboard.example.com/' });
    expect(config.http.publicUrl).toBe('https://onboard.example.com');
  });

  it('names every bad or missing variable at once', () => {
    const problems = problemsOf({
      ...secrets,
      PORT: 'eighty',
      MONGODB_URI: 'http://db',
      TEMPORAL_ADDRESS: 'nohost',
      CODE_HASH_KEY: undefined,
      ONBOARDING_INVITE_REMINDERS: '2d,soon',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'CODE_HASH_KEY',
      'MONGODB_URI',
      'ONBOARDING_INVITE_REMINDERS',
      'PORT',
      'TEMPORAL_ADDRESS',
    ]);
  });

  it('takes Temporal Cloud settings: an API key turns TLS on; a certificate needs its key', () => {
    const cloud = parseConfig({ ...secrets, TEMPORAL_API_KEY: 'key-from-temporal-cloud' });
    expect(cloud.temporal.tls).toEqual({});
    expect(cloud.temporal.apiKey).toBe('key-from-temporal-cloud');
    expect(parseConfig(secrets).temporal.tls).toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), 'tls-'));
    writeFileSync(join(dir, 'client.pem'), 'cert');
    expect(problemsOf({ ...secrets, TEMPORAL_TLS_CERT_FILE: join(dir, 'client.pem') })).toEqual([
      'TEMPORAL_TLS_CERT_FILE: needs TEMPORAL_TLS_KEY_FILE with it (and the reverse)',
    ]);
  });

  it("bounds the worker's workflow cache, and refuses a cache of one", () => {
    expect(parseConfig(secrets).temporal.maxCachedWorkflows).toBe(1000);
    expect(
      parseConfig({ ...secrets, TEMPORAL_MAX_CACHED_WORKFLOWS: '500' }).temporal.maxCachedWorkflows,
    ).toBe(500);
    expect(problemsOf({ ...secrets, TEMPORAL_MAX_CACHED_WORKFLOWS: '1' })[0]).toMatch(
      /^TEMPORAL_MAX_CACHED_WORKFLOWS: /,
    );
  });

  it('pins workflows to worker versions in production, and validates the version names', () => {
    const prod = { ...secrets, NODE_ENV: 'production', OPS_TOKEN: 'x'.repeat(24) };
    expect(parseConfig(secrets).temporal.versioning).toEqual({ mode: 'off' });
    expect(parseConfig(prod).temporal.versioning).toEqual({
      mode: 'pinned',
      deploymentName: 'onboarding',
      buildId: undefined,
      setCurrent: 'if-none',
    });
    expect(
      parseConfig({
        ...secrets,
        TEMPORAL_WORKER_VERSIONING: 'pinned',
        TEMPORAL_WORKER_BUILD_ID: '1.4.0-3f2a9c',
        TEMPORAL_WORKER_SET_CURRENT: 'never',
      }).temporal.versioning,
    ).toMatchObject({ mode: 'pinned', buildId: '1.4.0-3f2a9c', setCurrent: 'never' });
    expect(parseConfig({ ...prod, TEMPORAL_WORKER_VERSIONING: 'off' }).temporal.versioning).toEqual(
      { mode: 'off' },
    );
    expect(problemsOf({ ...secrets, TEMPORAL_WORKER_BUILD_ID: 'v1 final' })[0]).toMatch(
      /^TEMPORAL_WORKER_BUILD_ID: /,
    );
    // The server writes a version as `deployment:buildId`; a name may not contain either mark.
    expect(problemsOf({ ...secrets, TEMPORAL_DEPLOYMENT_NAME: 'onboarding.eu' })[0]).toMatch(
      /^TEMPORAL_DEPLOYMENT_NAME: /,
    );
    expect(problemsOf({ ...secrets, TEMPORAL_WORKER_SET_CURRENT: 'sometimes' })[0]).toMatch(
      /^TEMPORAL_WORKER_SET_CURRENT: /,
    );
  });

  it('requires an ops token in production', () => {
    expect(problemsOf({ ...secrets, OPS_TOKEN: undefined, NODE_ENV: 'production' })).toEqual([
      'OPS_TOKEN: is required in production',
    ]);
  });

  it('takes only https HR callbacks in production, or http to a private address when allowed', () => {
    const prod = { ...secrets, NODE_ENV: 'production', OPS_TOKEN: 'x'.repeat(24) };
    expect(problemsOf({ ...prod, HR_CALLBACK_URL: 'https://hr.example.com/events' })).toEqual([]);
    expect(problemsOf({ ...prod, HR_CALLBACK_URL: 'http://hr.example.com/events' })[0]).toMatch(
      /^HR_CALLBACK_URL: HR callback URLs must be https/,
    );
    const loopback = { ...prod, HR_CALLBACK_URL: 'http://127.0.0.1:9000/events' };
    expect(problemsOf(loopback)).toHaveLength(1);
    expect(problemsOf({ ...loopback, HR_CALLBACK_ALLOW_PRIVATE: 'true' })).toEqual([]);
    // A name is not an address: it could resolve anywhere.
    expect(
      problemsOf({
        ...prod,
        HR_CALLBACK_URL: 'http://hr.internal/events',
        HR_CALLBACK_ALLOW_PRIVATE: 'true',
      }),
    ).toHaveLength(1);
    expect(problemsOf({ ...secrets, WEBHOOK_ID_RETENTION: '1m' })[0]).toMatch(
      /^WEBHOOK_ID_RETENTION: /,
    );
    expect(problemsOf({ ...secrets, WORKER_METRICS_HOST: 'localhost' })[0]).toMatch(
      /^WORKER_METRICS_HOST: /,
    );
  });

  it('reads more HR clients from a file and rejects bad entries by name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hr-clients-'));
    const good = join(dir, 'good.json');
    writeFileSync(
      good,
      JSON.stringify([
        { id: 'afas', secrets: [secrets.HR_WEBHOOK_SECRET], callbackUrl: 'https://hr.example/cb' },
      ]),
    );
    const config = parseConfig({ ...secrets, HR_CLIENTS_FILE: good });
    expect(config.hrClients.map((c) => [c.id, c.callbackUrl])).toEqual([
      ['default', undefined],
      ['afas', 'https://hr.example/cb'],
    ]);

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ id: 'Bad Id', secrets: [] }]));
    const problems = problemsOf({ ...secrets, HR_CLIENTS_FILE: bad });
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p).toMatch(/^HR_CLIENTS_FILE: /);
  });

  it('starts with the example HR clients file once its secrets are filled in', () => {
    const example = readFileSync(join(__dirname, '../../config/hr-clients.example.json'), 'utf8');
    const file = join(mkdtempSync(join(tmpdir(), 'hr-clients-')), 'clients.json');
    writeFileSync(file, example.replace(/whsec_REPLACE[^"]*/g, secrets.HR_WEBHOOK_SECRET));
    expect(problemsOf({ ...secrets, HR_CLIENTS_FILE: file })).toEqual([]);
  });

  it('refuses a policy whose invite would outlive its code, and a population with no policy', () => {
    expect(problemsOf({ ...secrets, ONBOARDING_INVITE_LEAD_TIME: '14d' })).toEqual([
      'ONBOARDING_INVITE_LEAD_TIME: inviteLeadTime (14d) is longer than codeValidity (7d): the code would expire before the start date',
    ]);
    expect(
      problemsOf({
        ...secrets,
        ONBOARDING_INVITE_LEAD_TIME: '14d',
        ONBOARDING_CODE_VALIDITY: '14d',
      }),
    ).toEqual([]);

    const file = join(mkdtempSync(join(tmpdir(), 'hr-clients-')), 'clients.json');
    const personio = {
      tokens: ['Bearer a-long-enough-token'],
      clientId: 'id',
      clientSecret: 'secret',
      populations: { INTERNAL: 'employee', EXTERNAL: 'freelance' },
    };
    writeFileSync(
      file,
      JSON.stringify([
        {
          id: 'afas',
          secrets: [secrets.HR_WEBHOOK_SECRET],
          policy: { inviteLeadTime: '10d', codeValidity: '10d' },
          policies: { employee: {}, contractor: { codeValidity: '3d' } },
          adapters: { personio },
        },
      ]),
    );
    expect(problemsOf({ ...secrets, HR_CLIENTS_FILE: file })).toEqual([
      'HR_CLIENTS_FILE (afas) policies.contractor: inviteLeadTime (10d) is longer than codeValidity (3d): the code would expire before the start date',
      'HR_CLIENTS_FILE (afas) adapters.personio.populations: "EXTERNAL" maps to "freelance", which is not among its policies',
    ]);
  });
});
