import { join, resolve } from 'node:path';

/** Where one stack keeps its state and which ports it uses; dev and test never share either. */
export interface StackProfile {
  name: 'dev' | 'test';
  varDir: string;
  /** Environment variables naming servers to use instead of starting them. */
  urlVariables: { mongo: string; redis: string; temporal: string };
  temporal: {
    port: number;
    uiPort: number;
    dbFile?: string;
    headless: boolean;
    /** The API's codec endpoint, so the Web UI shows decrypted payloads. */
    codecEndpoint?: string;
  };
  /** `fresh` empties the database directory first, so every test run starts clean. */
  mongo: { port: number; database: string; fresh: boolean };
  redis: { port: number; database: number };
}

const root = resolve(__dirname, '..', '..');

export const devProfile: StackProfile = {
  name: 'dev',
  varDir: join(root, 'var'),
  urlVariables: { mongo: 'MONGODB_URI', redis: 'REDIS_URL', temporal: 'TEMPORAL_ADDRESS' },
  temporal: {
    port: 7233,
    uiPort: 8233,
    dbFile: join(root, 'var', 'temporal.db'),
    headless: false,
    codecEndpoint: `http://localhost:${process.env.PORT || 3000}/api/v1/codec`,
  },
  mongo: { port: 27017, database: 'onboarding', fresh: false },
  redis: { port: 6379, database: 0 },
};

export const testProfile: StackProfile = {
  name: 'test',
  varDir: join(root, 'var', 'test'),
  urlVariables: {
    mongo: 'TEST_MONGODB_URI',
    redis: 'TEST_REDIS_URL',
    temporal: 'TEST_TEMPORAL_ADDRESS',
  },
  // In memory: every test run starts from an empty history.
  temporal: { port: 17233, uiPort: 18233, headless: true },
  mongo: { port: 27117, database: 'onboarding_test', fresh: true },
  redis: { port: 16379, database: 1 },
};

export const repoRoot = root;
