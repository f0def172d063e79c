import { generateSecrets } from '../../src/config/secrets';
import { startStack, testProfile } from '../../scripts/stack';
import type { Stack } from '../../scripts/stack';
import { TEST_TEMPORAL_PAYLOAD_KEYS } from '../support/test-keys';

declare global {
  var onboardingTestStack: Stack | undefined;
}

/** Starts (or reuses) the real servers once for all integration tests. */
export default async function globalSetup(): Promise<void> {
  const stack = await startStack(testProfile, (line) => process.stderr.write(`[stack] ${line}\n`));
  globalThis.onboardingTestStack = stack;
  // Test workers inherit this environment, so the service's own config loader finds the servers.
  Object.assign(process.env, generateSecrets(), stack.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    TEMPORAL_PAYLOAD_KEYS: TEST_TEMPORAL_PAYLOAD_KEYS,
  });
}
