import ipaddr from 'ipaddr.js';
import type { OnboardingPolicy } from '../../workflows/onboarding.types';
import { isInternalAddress } from '../http/client-address';
import type { HrAdapterSettings } from '../hr-adapters/adapters.schema';
import { type PolicyOverrides, workingHoursOf } from '../onboardings/policy';
import { hashScimToken } from '../scim/scim.config';
import { Keyring } from '../security/keyring';
import { loadHrClients, loadJsonFile, policyProblems, temporalTls } from './config-files';
import { type BrandConfig, brandFileSchema, type EnvVars, envSchema } from './env.schema';

export type { BrandConfig };

export interface TemporalTls {
  serverRootCACertificate?: Buffer;
  clientCertPair?: { crt: Buffer; key: Buffer };
}

/**
 * `pinned`: the worker polls as version `deploymentName`/`buildId` (unset: derived from its
 * workflow bundle) and workflows stay on the version they started on. `setCurrent`: `if-none`
 * makes the first version current, `always` every new one, `never` leaves it to the operator.
 */
export type WorkerVersioning =
  | { mode: 'off' }
  | {
      mode: 'pinned';
      deploymentName: string;
      buildId?: string;
      setCurrent: 'never' | 'if-none' | 'always';
    };

export interface HrClientConfig {
  id: string;
  /** Decoded webhook secrets; more than one while a secret is being rotated. */
  keys: Buffer[];
  callbackUrl?: string;
  /** Overrides of the deployment's policy for all this client's hires. */
  policy?: PolicyOverrides;
  /** Named policies by population (`employee`, `contractor`, ...), over the client's policy. */
  policies?: Record<string, PolicyOverrides>;
  /** Inbound adapters for named HR systems (Personio, HiBob, BambooHR). */
  adapters?: HrAdapterSettings;
  /** SHA-256 of the client's SCIM bearer token; without one, SCIM refuses the client. */
  scimTokenHash?: Buffer;
}

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
    versioning: WorkerVersioning;
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
  /** The employee's "new code" form, per day: per typed address and onboarding, per client address. */
  codeRequests: { perDay: number; perAddressPerDay: number };
  password: { requireClasses: boolean; minScore: number };
  /** Which second factors activation offers (see TWO_FACTOR_METHODS). */
  twoFactor: { methods: TwoFactorMethods };
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
  /** Onboardings left without a workflow run `restartAfterMs` are started again. */
  workflowStarts: { restartAfterMs: number; sweepEveryMs: number };
}

export type TwoFactorMethods = 'totp' | 'totp_or_passkey' | 'passkey';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function deploymentPolicy(e: EnvVars): OnboardingPolicy {
  return {
    codeValidityMs: e.ONBOARDING_CODE_VALIDITY,
    inviteRemindersMs: e.ONBOARDING_INVITE_REMINDERS,
    lastDayReminderMs: e.ONBOARDING_LAST_DAY_REMINDER,
    stallReminderMs: e.ONBOARDING_STALL_REMINDER,
    expiredRetentionMs: e.ONBOARDING_EXPIRED_RETENTION,
    ...(e.ONBOARDING_INVITE_LEAD_TIME === undefined
      ? {}
      : { inviteLeadTimeMs: e.ONBOARDING_INVITE_LEAD_TIME }),
    ...(e.WORKING_HOURS === 'off'
      ? {}
      : { workingHours: workingHoursOf(e.WORKING_HOURS, e.WORKING_DAYS, e.REMINDER_SPREAD) }),
    ...(e.ONBOARDING_ESCALATE_AFTER === undefined
      ? {}
      : { escalateAfterMs: e.ONBOARDING_ESCALATE_AFTER }),
  };
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
  if (e.TWO_FACTOR_METHODS === 'passkey' && ipaddr.isValid(publicHost(e.PUBLIC_URL))) {
    problems.push(
      'TWO_FACTOR_METHODS: passkeys need PUBLIC_URL to name a host (WebAuthn refuses IP addresses)',
    );
  }
  problems.push(...policyProblems(deploymentPolicy(e), hrClients));
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
      versioning:
        (e.TEMPORAL_WORKER_VERSIONING ?? (e.NODE_ENV === 'production' ? 'pinned' : 'off')) ===
        'pinned'
          ? {
              mode: 'pinned',
              deploymentName: e.TEMPORAL_DEPLOYMENT_NAME,
              buildId: e.TEMPORAL_WORKER_BUILD_ID,
              setCurrent: e.TEMPORAL_WORKER_SET_CURRENT,
            }
          : { mode: 'off' },
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
      {
        id: 'default',
        keys: e.HR_WEBHOOK_SECRET,
        callbackUrl: e.HR_CALLBACK_URL,
        scimTokenHash: hashScimToken(e.SCIM_TOKEN),
      },
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
    policy: deploymentPolicy(e),
    codeAttempts: {
      maxPerOnboarding: e.CODE_MAX_ATTEMPTS,
      lockMs: e.CODE_LOCK_DURATION,
      maxPerAddress: e.CODE_ATTEMPTS_PER_ADDRESS,
    },
    codeRequests: {
      perDay: e.CODE_REQUESTS_PER_DAY,
      perAddressPerDay: e.CODE_REQUESTS_PER_ADDRESS_PER_DAY,
    },
    password: {
      requireClasses: e.PASSWORD_REQUIRE_CLASSES === 'true',
      minScore: e.PASSWORD_MIN_SCORE,
    },
    twoFactor: { methods: e.TWO_FACTOR_METHODS },
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
    workflowStarts: {
      restartAfterMs: e.UNSTARTED_RESTART_AFTER,
      sweepEveryMs: e.UNSTARTED_SWEEP_EVERY,
    },
  };
}

/** The host of a URL without IPv6 brackets. */
export function publicHost(url: string): string {
  return new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
}

/** https, or plain http to an address inside the deployment's own network where that is allowed. */
function secureEnough(callback: string, allowPrivate: boolean): boolean {
  const url = new URL(callback);
  if (url.protocol === 'https:') return true;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return allowPrivate && ipaddr.isValid(host) && isInternalAddress(host);
}
