import ipaddr from 'ipaddr.js';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { OnboardingPolicy } from '../../workflows/onboarding.types';
import { isInternalAddress } from '../http/client-address';
import { decodeSecret } from '../hr-clients/standard-webhooks';
import { Keyring, parseKeyring } from '../security/keyring';
import { parseDuration } from './duration';

const port = z.coerce.number().int().min(1).max(65535);

const url = (protocols: readonly string[]) =>
  z.url().refine((value) => protocols.some((p) => value.startsWith(`${p}://`)), {
    message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
  });

const duration = z.string().transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === null)
    ctx.addIssue({ code: 'custom', message: 'must be a duration like 90s, 15m, 24h or 7d' });
  return ms ?? 0;
});

const durations = z.string().transform((value, ctx) => {
  const list = value.split(',').map((v) => parseDuration(v.trim()));
  if (list.some((ms) => ms === null)) {
    ctx.addIssue({ code: 'custom', message: 'must be durations separated by commas, like 2d,5d' });
  }
  return list.map((ms) => ms ?? 0);
});

const keyring = z.string().transform((value, ctx): Keyring => {
  const parsed = parseKeyring(value);
  if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
  return parsed as Keyring;
});

const key32 = z.string().transform((value, ctx) => {
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32)
    ctx.addIssue({ code: 'custom', message: 'must be base64 of 32 random bytes' });
  return key;
});

const webhookSecrets = z.string().transform((value, ctx) => {
  const keys = value.split(',').map((s) => decodeSecret(s.trim()));
  if (keys.some((k) => k === null)) {
    ctx.addIssue({ code: 'custom', message: 'must be whsec_<base64> secrets separated by commas' });
  }
  return keys.filter((k): k is Buffer => k !== null);
});

const hrClientsFileSchema = z.array(
  z.object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, - and _'),
    secrets: z.array(z.string()).min(1),
    callbackUrl: z.url().optional(),
  }),
);

const brandFileSchema = z.strictObject({
  name: z.string().min(1).max(100),
  portalName: z.string().min(1).max(100),
  contact: z.strictObject({
    phone: z.string().max(40),
    email: z.email(),
    website: z.string().max(200),
  }),
  colors: z.strictObject({
    primary: z.string().regex(/^#[0-9a-fA-F]{6}$/),
    accent: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  }),
  /** The portal's landing page, per language. */
  portal: z.strictObject({
    nl: z.strictObject({ title: z.string(), paragraphs: z.array(z.string()) }),
    en: z.strictObject({ title: z.string(), paragraphs: z.array(z.string()) }),
  }),
  /** Dates in mails and pages are shown in this zone. */
  timeZone: z.string().refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone like Europe/Amsterdam'),
});

export type BrandConfig = z.output<typeof brandFileSchema>;

/** Every environment variable the service reads, with its default. `.env.example` mirrors this. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  /** Behind a load balancer: how many proxy hops to trust for the client address. */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  PUBLIC_URL: url(['http', 'https']).default('http://localhost:3000'),
  MONGODB_URI: url(['mongodb', 'mongodb+srv']).default('mongodb://127.0.0.1:27017/onboarding'),
  REDIS_URL: url(['redis', 'rediss']).default('redis://127.0.0.1:6379/0'),
  /** Starts every Redis key of the service (queues, sessions, counters), so deployments can share one Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[\w-]{1,40}$/)
    .default('onboarding'),
  /** How long a call to MongoDB, Redis or Temporal may go unanswered before a request answers 503. */
  DEPENDENCY_TIMEOUT: duration.prefault('10s'),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[\w.-]+:\d+$/, 'must be host:port')
    .default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('onboarding'),
  TEMPORAL_UI_URL: url(['http', 'https']).default('http://localhost:8233'),
  /** Temporal Cloud or a TLS cluster: an API key, or mTLS with a client certificate. */
  TEMPORAL_TLS: z.enum(['true', 'false']).default('false'),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_TLS_CERT_FILE: z.string().optional(),
  TEMPORAL_TLS_KEY_FILE: z.string().optional(),
  TEMPORAL_TLS_CA_FILE: z.string().optional(),
  /**
   * Onboardings the worker keeps in memory between their steps (some 270 KB each), so its
   * memory stops growing there; one that fell out replays its short history when woken.
   */
  TEMPORAL_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(2).default(1000),
  /** The Temporal worker serves its metrics here, and the SDK's own here (0: off). */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** Where the worker's metrics ports listen; they have no authentication, so loopback unless set. */
  WORKER_METRICS_HOST: z
    .string()
    .refine((v) => ipaddr.isValid(v), 'must be an IP address like 127.0.0.1 or 0.0.0.0')
    .default('127.0.0.1'),
  TEMPORAL_SDK_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9465),
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),

  BRAND_FILE: z.string().default('config/brand.example.json'),
  HR_WEBHOOK_SECRET: webhookSecrets,
  HR_CALLBACK_URL: url(['http', 'https']).optional(),
  HR_CLIENTS_FILE: z.string().optional(),
  /** How long a webhook-id stays used up: at least the 5-minute timestamp tolerance. */
  WEBHOOK_ID_RETENTION: duration
    .prefault('24h')
    .refine((ms) => ms >= 5 * 60_000, 'must be at least 5m, the timestamp tolerance'),
  /** HR callbacks to loopback, private or link-local addresses (tests, a private network). */
  HR_CALLBACK_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false'),
  CODE_HASH_KEY: key32,
  DATA_ENCRYPTION_KEYS: keyring,
  TEMPORAL_PAYLOAD_KEYS: keyring,
  OPS_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),

  ONBOARDING_CODE_VALIDITY: duration.prefault('7d'),
  ONBOARDING_INVITE_REMINDERS: durations.prefault('2d,5d'),
  ONBOARDING_LAST_DAY_REMINDER: duration.prefault('24h'),
  ONBOARDING_STALL_REMINDER: duration.prefault('24h'),
  ONBOARDING_EXPIRED_RETENTION: duration.prefault('30d'),
  CODE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
  CODE_LOCK_DURATION: duration.prefault('15m'),
  CODE_ATTEMPTS_PER_ADDRESS: z.coerce.number().int().min(1).default(30),

  PASSWORD_REQUIRE_CLASSES: z.enum(['true', 'false']).default('true'),
  PASSWORD_MIN_SCORE: z.coerce.number().int().min(0).max(4).default(3),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(10),
  LOGIN_LOCK_DURATION: duration.prefault('15m'),
  LOGIN_ATTEMPTS_PER_ADDRESS: z.coerce.number().int().min(1).default(100),
  SESSION_IDLE_TIMEOUT: duration.prefault('30m'),
  SESSION_ABSOLUTE_TIMEOUT: duration.prefault('12h'),
  /** Password reset mails per account per hour, however often one is asked for. */
  RESET_MAILS_PER_HOUR: z.coerce.number().int().min(1).max(100).default(3),
  /** The form's live password check, per client address per minute. */
  PASSWORD_CHECKS_PER_MINUTE: z.coerce.number().int().min(1).default(120),

  SMTP_URL: url(['smtp', 'smtps']).optional(),
  MAIL_FROM: z.string().min(3).optional(),
  OUTBOX_DIR: z.string().default('var/outbox'),
  MAIL_RATE_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(20),
  MAIL_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
  MAIL_BACKOFF: duration.prefault('30s'),
  EVENT_DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(15),
  EVENT_BACKOFF: duration.prefault('10s'),
  EVENT_DELIVERY_TIMEOUT: duration.prefault('10s'),
});

export interface TemporalTls {
  serverRootCACertificate?: Buffer;
  clientCertPair?: { crt: Buffer; key: Buffer };
}

export interface HrClientConfig {
  id: string;
  /** Decoded webhook secrets; more than one while a secret is being rotated. */
  keys: Buffer[];
  callbackUrl?: string;
}

export type Env = z.input<typeof envSchema>;

export interface AppConfig {
  env: 'development' | 'test' | 'production';
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  http: { host: string; port: number; publicUrl: string; trustProxyHops: number };
  mongo: { uri: string };
  /** `prefix` namespaces the BullMQ keys, so deployments can share one Redis. */
  redis: { url: string; prefix: string };
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    uiUrl: string;
    payloadKeys: Keyring;
    /** Connection security; the API and the worker both use it. */
    tls?: TemporalTls;
    apiKey?: string;
    maxCachedWorkflows: number;
  };
  shutdownGraceMs: number;
  /** A MongoDB, Redis or Temporal call without an answer in this time fails (503 to the caller). */
  dependencyTimeoutMs: number;
  metrics: { host: string; workerPort: number; temporalSdkPort: number };
  /** Name, contact block and colours of the deployment, shown in mails, pages and the 2FA app. */
  brand: BrandConfig;
  hrClients: HrClientConfig[];
  webhooks: { idRetentionMs: number; callbackAllowPrivate: boolean };
  security: {
    codeHashKey: Buffer;
    dataKeys: Keyring;
    opsToken?: string;
  };
  policy: OnboardingPolicy;
  codeAttempts: { maxPerOnboarding: number; lockMs: number; maxPerAddress: number };
  password: { requireClasses: boolean; minScore: number };
  /** Failed logins per account slow down, then lock; tries per address are capped too. */
  login: {
    maxFailures: number;
    lockMs: number;
    maxPerAddress: number;
    sessionIdleMs: number;
    sessionAbsoluteMs: number;
    resetMailsPerHour: number;
    passwordChecksPerMinute: number;
  };
  mail: {
    /** Unset: mails are kept as .eml files in `outboxDir` (development mailbox). */
    smtpUrl?: string;
    from: string;
    outboxDir: string;
    ratePerSecond: number;
    attempts: number;
    backoffMs: number;
  };
  /** HR event delivery; exponential backoff, so 15 attempts from 10 s span about 90 hours. */
  events: { attempts: number; backoffMs: number; timeoutMs: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment once; throws a ConfigError naming every bad variable. */
export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  // An empty variable means "not set", so `FOO=` in a .env file falls back to the default.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = envSchema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const e = result.data;
  const problems: string[] = [];
  if (e.NODE_ENV === 'production' && !e.OPS_TOKEN) {
    problems.push('OPS_TOKEN: is required in production');
  }
  const hrClients = loadHrClients(e.HR_CLIENTS_FILE, problems);
  if (e.NODE_ENV === 'production') {
    const callbacks: [string, string | undefined][] = [
      ['HR_CALLBACK_URL', e.HR_CALLBACK_URL],
      ...hrClients.map((c): [string, string | undefined] => [
        `HR_CLIENTS_FILE (${c.id})`,
        c.callbackUrl,
      ]),
    ];
    for (const [source, callback] of callbacks) {
      if (callback && !secureEnough(callback, e.HR_CALLBACK_ALLOW_PRIVATE === 'true')) {
        problems.push(
          `${source}: HR callback URLs must be https:// in production (plain http only to a private address, with HR_CALLBACK_ALLOW_PRIVATE=true)`,
        );
      }
    }
  }
  const brand = loadJsonFile('BRAND_FILE', e.BRAND_FILE, brandFileSchema, problems);
  const tls = temporalTls(e, problems);
  if (problems.length > 0 || !brand) throw new ConfigError(problems);
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    http: {
      host: e.HOST,
      port: e.PORT,
      publicUrl: e.PUBLIC_URL.replace(/\/+$/, ''),
      trustProxyHops: e.TRUST_PROXY_HOPS,
    },
    mongo: { uri: e.MONGODB_URI },
    redis: { url: e.REDIS_URL, prefix: e.REDIS_PREFIX },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      uiUrl: e.TEMPORAL_UI_URL,
      payloadKeys: e.TEMPORAL_PAYLOAD_KEYS,
      tls,
      apiKey: e.TEMPORAL_API_KEY,
      maxCachedWorkflows: e.TEMPORAL_MAX_CACHED_WORKFLOWS,
    },
    shutdownGraceMs: e.SHUTDOWN_GRACE_SECONDS * 1000,
    dependencyTimeoutMs: e.DEPENDENCY_TIMEOUT,
    metrics: {
      host: e.WORKER_METRICS_HOST,
      workerPort: e.WORKER_METRICS_PORT,
      temporalSdkPort: e.TEMPORAL_SDK_METRICS_PORT,
    },
    brand,
    hrClients: [
      { id: 'default', keys: e.HR_WEBHOOK_SECRET, callbackUrl: e.HR_CALLBACK_URL },
      ...hrClients,
    ],
    webhooks: {
      idRetentionMs: e.WEBHOOK_ID_RETENTION,
      callbackAllowPrivate: e.HR_CALLBACK_ALLOW_PRIVATE === 'true',
    },
    security: {
      codeHashKey: e.CODE_HASH_KEY,
      dataKeys: e.DATA_ENCRYPTION_KEYS,
      opsToken: e.OPS_TOKEN,
    },
    policy: {
      codeValidityMs: e.ONBOARDING_CODE_VALIDITY,
      inviteRemindersMs: e.ONBOARDING_INVITE_REMINDERS,
      lastDayReminderMs: e.ONBOARDING_LAST_DAY_REMINDER,
      stallReminderMs: e.ONBOARDING_STALL_REMINDER,
      expiredRetentionMs: e.ONBOARDING_EXPIRED_RETENTION,
    },
    codeAttempts: {
      maxPerOnboarding: e.CODE_MAX_ATTEMPTS,
      lockMs: e.CODE_LOCK_DURATION,
      maxPerAddress: e.CODE_ATTEMPTS_PER_ADDRESS,
    },
    password: {
      requireClasses: e.PASSWORD_REQUIRE_CLASSES === 'true',
      minScore: e.PASSWORD_MIN_SCORE,
    },
    login: {
      maxFailures: e.LOGIN_MAX_FAILURES,
      lockMs: e.LOGIN_LOCK_DURATION,
      maxPerAddress: e.LOGIN_ATTEMPTS_PER_ADDRESS,
      sessionIdleMs: e.SESSION_IDLE_TIMEOUT,
      sessionAbsoluteMs: e.SESSION_ABSOLUTE_TIMEOUT,
      resetMailsPerHour: e.RESET_MAILS_PER_HOUR,
      passwordChecksPerMinute: e.PASSWORD_CHECKS_PER_MINUTE,
    },
    mail: {
      smtpUrl: e.SMTP_URL,
      from:
        e.MAIL_FROM ??
        `"${brand.name.replace(/"/g, '')}" <no-reply@${new URL(e.PUBLIC_URL).hostname}>`,
      outboxDir: e.OUTBOX_DIR,
      ratePerSecond: e.MAIL_RATE_PER_SECOND,
      attempts: e.MAIL_ATTEMPTS,
      backoffMs: e.MAIL_BACKOFF,
    },
    events: {
      attempts: e.EVENT_DELIVERY_ATTEMPTS,
      backoffMs: e.EVENT_BACKOFF,
      timeoutMs: e.EVENT_DELIVERY_TIMEOUT,
    },
  };
}

/** https, or plain http to an address inside the deployment's own network where that is allowed. */
function secureEnough(callback: string, allowPrivate: boolean): boolean {
  const url = new URL(callback);
  if (url.protocol === 'https:') return true;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return allowPrivate && ipaddr.isValid(host) && isInternalAddress(host);
}

function temporalTls(e: z.output<typeof envSchema>, problems: string[]): TemporalTls | undefined {
  const read = (variable: string, path: string | undefined) => {
    if (!path) return undefined;
    try {
      return readFileSync(path);
    } catch (error) {
      problems.push(`${variable}: cannot read ${path}: ${(error as Error).message}`);
      return undefined;
    }
  };
  const crt = read('TEMPORAL_TLS_CERT_FILE', e.TEMPORAL_TLS_CERT_FILE);
  const key = read('TEMPORAL_TLS_KEY_FILE', e.TEMPORAL_TLS_KEY_FILE);
  const ca = read('TEMPORAL_TLS_CA_FILE', e.TEMPORAL_TLS_CA_FILE);
  if (Boolean(crt) !== Boolean(key)) {
    problems.push('TEMPORAL_TLS_CERT_FILE: needs TEMPORAL_TLS_KEY_FILE with it (and the reverse)');
  }
  // An API key (Temporal Cloud) implies TLS.
  if (e.TEMPORAL_TLS !== 'true' && !e.TEMPORAL_API_KEY && !crt) return undefined;
  return {
    ...(ca ? { serverRootCACertificate: ca } : {}),
    ...(crt && key ? { clientCertPair: { crt, key } } : {}),
  };
}

function loadJsonFile<S extends z.ZodType>(
  variable: string,
  path: string,
  schema: S,
  problems: string[],
): z.output<S> | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    problems.push(`${variable}: cannot read ${path}: ${(error as Error).message}`);
    return undefined;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${variable}: [${issue.path.join('.')}] ${issue.message}`);
    }
    return undefined;
  }
  return parsed.data;
}

/** More HR clients than `default`, from a JSON file: [{ id, secrets, callbackUrl? }]. */
function loadHrClients(path: string | undefined, problems: string[]): HrClientConfig[] {
  if (!path) return [];
  const entries = loadJsonFile('HR_CLIENTS_FILE', path, hrClientsFileSchema, problems) ?? [];
  const clients: HrClientConfig[] = [];
  for (const client of entries) {
    const keys = client.secrets.map(decodeSecret);
    if (client.id === 'default' || keys.some((k) => k === null)) {
      problems.push(
        `HR_CLIENTS_FILE: client "${client.id}" needs another id than "default" and whsec_ secrets`,
      );
      continue;
    }
    clients.push({ id: client.id, keys: keys as Buffer[], callbackUrl: client.callbackUrl });
  }
  return clients;
}
