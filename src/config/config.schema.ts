import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);

const url = (protocols: readonly string[]) =>
  z.url().refine((value) => protocols.some((p) => value.startsWith(`${p}://`)), {
    message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
  });

/** Every environment variable the service reads, with its default. `.env.example` mirrors this. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  PUBLIC_URL: url(['http', 'https']).default('http://localhost:3000'),
  MONGODB_URI: url(['mongodb', 'mongodb+srv']).default('mongodb://127.0.0.1:27017/onboarding'),
  REDIS_URL: url(['redis', 'rediss']).default('redis://127.0.0.1:6379/0'),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[\w.-]+:\d+$/, 'must be host:port')
    .default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('onboarding'),
  TEMPORAL_UI_URL: url(['http', 'https']).default('http://localhost:8233'),
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
});

export type Env = z.input<typeof envSchema>;

export interface AppConfig {
  env: 'development' | 'test' | 'production';
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  http: { host: string; port: number; publicUrl: string };
  mongo: { uri: string };
  redis: { url: string };
  temporal: { address: string; namespace: string; taskQueue: string; uiUrl: string };
  shutdownGraceMs: number;
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
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    http: { host: e.HOST, port: e.PORT, publicUrl: e.PUBLIC_URL.replace(/\/+$/, '') },
    mongo: { uri: e.MONGODB_URI },
    redis: { url: e.REDIS_URL },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      uiUrl: e.TEMPORAL_UI_URL,
    },
    shutdownGraceMs: e.SHUTDOWN_GRACE_SECONDS * 1000,
  };
}
