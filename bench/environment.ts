import { join } from 'node:path';
import { freePort } from '../test/support/ports';
import { generateSecrets } from '../src/config/secrets';
import { type Stack } from '../scripts/stack';
import { benchVarDir } from './services';

export interface BenchEnvironment {
  env: NodeJS.ProcessEnv;
  apiUrl: string;
  hrSecret: string;
  prefix: string;
  taskQueue: string;
  /** Settings that differ from the service's defaults, for the report. */
  overrides: Record<string, string>;
}

/**
 * The variables the compiled services read (src/config), pointing at the bench servers.
 * Overrides only where the defaults would measure something else than the service:
 * one loopback address for every employee, the mail rate cap, and ports shared with dev.
 */
export async function benchEnvironment(
  stack: Stack,
  runId: string,
  sinkUrl: string,
): Promise<BenchEnvironment> {
  const secrets = generateSecrets();
  const port = await freePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  const prefix = `bench-${runId}`;
  const taskQueue = `onboarding-bench-${runId}`;
  const overrides = {
    // All simulated employees come from 127.0.0.1; the per-address cap (30) is for attackers.
    CODE_ATTEMPTS_PER_ADDRESS: '1000000',
    // The default cap (20 a second) protects a real SMTP server; here the sink is local.
    MAIL_RATE_PER_SECOND: '10000',
    // Metrics ports default to 9464/9465, which a running `npm run dev` holds.
    WORKER_METRICS_PORT: '0',
    TEMPORAL_SDK_METRICS_PORT: '0',
    SHUTDOWN_GRACE_SECONDS: '5',
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...stack.env,
    ...secrets,
    ...overrides,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: apiUrl,
    REDIS_PREFIX: prefix,
    TEMPORAL_TASK_QUEUE: taskQueue,
    // Production pins onboardings to worker versions; each run's worker takes the new ones.
    TEMPORAL_WORKER_SET_CURRENT: 'always',
    SMTP_URL: sinkUrl,
    // Set by run.ts once the HR receiver listens; empty means no callback.
    HR_CALLBACK_URL: '',
    HR_CLIENTS_FILE: '',
    OUTBOX_DIR: join(benchVarDir, 'outbox'),
  };
  return {
    env,
    apiUrl,
    hrSecret: secrets.HR_WEBHOOK_SECRET,
    prefix,
    taskQueue,
    overrides,
  };
}
