import { generateSecrets } from '../../src/config/secrets';
import { startStack, testProfile } from '../../scripts/stack';
import type { Stack } from '../../scripts/stack';
import { TEST_TEMPORAL_PAYLOAD_KEYS } from '../support/test-keys';

declare global {
  var onboardingTestStack: Stack | undefined;
}

export const log = (line: string) => process.stderr.write(`[stack] ${line}\n`);

/** Starts (or reuses) the real servers once for all integration and browser tests. */
export default async function globalSetup(): Promise<void> {
  if (globalThis.onboardingTestStack) return;
  const stack = await startStack(testProfile, log);
  globalThis.onboardingTestStack = stack;
  // Test workers inherit this environment, so the service's own config loader finds the servers.
  Object.assign(process.env, generateSecrets(), stack.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    TEMPORAL_PAYLOAD_KEYS: TEST_TEMPORAL_PAYLOAD_KEYS,
    // Worker processes in tests serve no metrics ports (they would clash with `npm run dev`).
    WORKER_METRICS_PORT: '0',
    // The test HR receivers listen on loopback.
    HR_CALLBACK_ALLOW_PRIVATE: 'true',
    // Timer tests run on second-scale policies at any hour; the schedule tests turn hours on.
    WORKING_HOURS: 'off',
    // The sweep for onboardings without a run looks at the whole shared database: in tests it
    // would start other files' records on its own task queue. Only its own test turns it on.
    UNSTARTED_RESTART_AFTER: '3650d',
    TEMPORAL_SDK_METRICS_PORT: '0',
  });
}
