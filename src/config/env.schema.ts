// Every environment variable and config file the service reads, as zod schemas.
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { hrAdaptersSchema } from '../hr-adapters/adapters.schema';
import { decodeSecret } from '../hr-clients/standard-webhooks';
import { scimTokenSchema } from '../scim/scim.config';
import { Keyring, parseKeyring } from '../security/keyring';
import {
  ianaTimeZone,
  parseDays,
  parseHours,
  policyOverridesSchema,
  population,
} from '../onboardings/policy';
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

export const hrClientsFileSchema = z.array(
  z.object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, - and _'),
    secrets: z.array(z.string()).min(1),
    callbackUrl: z.url().optional(),
    /** Overrides of the defaults for all this client's hires (escalation, for example). */
    policy: policyOverridesSchema.optional(),
    /** Named policies, chosen by the intake's `population`; each overrides the client's. */
    policies: z.record(population, policyOverridesSchema).optional(),
    adapters: hrAdaptersSchema.optional(),
    scimToken: scimTokenSchema.optional(),
  }),
);

export const brandFileSchema = z.strictObject({
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
  /** Dates in mails and pages are shown in this zone; hires without their own work in it. */
  timeZone: ianaTimeZone,
});

export type BrandConfig = z.output<typeof brandFileSchema>;

/** Every environment variable the service reads, with its default. `.env.example` mirrors this. */
export const envSchema = z.object({
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
  /**
   * Worker Versioning (README, "Changing the workflow"): `pinned` keeps each onboarding on the
   * worker version it started on; `off` runs whatever worker polls. Unset: `pinned` in
   * production, `off` elsewhere (a dev server's onboardings follow the edited code).
   */
  TEMPORAL_WORKER_VERSIONING: z.enum(['pinned', 'off']).optional(),
  /** The Worker Deployment this worker's versions belong to. */
  TEMPORAL_DEPLOYMENT_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,100}$/, 'letters, digits, _ and - only')
    .default('onboarding'),
  /** This worker's version; unset: the package version and a hash of the workflow bundle. */
  TEMPORAL_WORKER_BUILD_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,128}$/, 'letters, digits, _ . and - only')
    .optional(),
  /** When the worker makes its version the current one (new onboardings start there). */
  TEMPORAL_WORKER_SET_CURRENT: z.enum(['never', 'if-none', 'always']).default('if-none'),
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
  /** The default HR client's SCIM bearer token; unset: no SCIM for it. */
  SCIM_TOKEN: scimTokenSchema.optional(),
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
  /** Unset: the invite goes at intake; else this long before the start date. */
  ONBOARDING_INVITE_LEAD_TIME: duration.optional(),
  /** Planned mails wait for these hours on these days in the hire's zone; `off`: any time. */
  WORKING_HOURS: z
    .union([
      z.literal('off'),
      z.string().refine((v) => parseHours(v) !== null, 'must be like 09:00-17:00 or off'),
    ])
    .default('09:00-17:00'),
  WORKING_DAYS: z
    .string()
    .refine((v) => parseDays(v) !== null, 'must be like mon-fri')
    .default('mon-fri'),
  /** Held mails of hires invited together spread over this much of the day (default: all of it). */
  REMINDER_SPREAD: duration.optional(),
  /** Unset: no escalation; else the manager hears this long after the last unanswered nudge. */
  ONBOARDING_ESCALATE_AFTER: duration.optional(),
  CODE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
  CODE_LOCK_DURATION: duration.prefault('15m'),
  CODE_ATTEMPTS_PER_ADDRESS: z.coerce.number().int().min(1).default(30),
  /** Requests for a new login code per typed address and per onboarding, per day. */
  CODE_REQUESTS_PER_DAY: z.coerce.number().int().min(1).max(100).default(3),
  CODE_REQUESTS_PER_ADDRESS_PER_DAY: z.coerce.number().int().min(1).default(20),

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
  /**
   * The second factors offered at activation: the authenticator app only, the app or a passkey
   * (the app shown first), or a passkey required. Passkeys need PUBLIC_URL to name a host.
   */
  TWO_FACTOR_METHODS: z.enum(['totp', 'totp_or_passkey', 'passkey']).default('totp_or_passkey'),

  SMTP_URL: url(['smtp', 'smtps']).optional(),
  MAIL_FROM: z.string().min(3).optional(),
  OUTBOX_DIR: z.string().default('var/outbox'),
  MAIL_RATE_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(20),
  MAIL_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
  MAIL_BACKOFF: duration.prefault('30s'),
  /**
   * A stored onboarding whose workflow has not recorded its run this long after intake (a bulk
   * that died between storing and queueing, starts that ran out of retries, and HR never sent
   * the hire again) is started again. The check runs every UNSTARTED_SWEEP_EVERY.
   */
  UNSTARTED_RESTART_AFTER: duration.prefault('15m'),
  UNSTARTED_SWEEP_EVERY: duration.prefault('5m'),
  EVENT_DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(15),
  EVENT_BACKOFF: duration.prefault('10s'),
  EVENT_DELIVERY_TIMEOUT: duration.prefault('10s'),
});

export type EnvVars = z.output<typeof envSchema>;
