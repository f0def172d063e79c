import { join, resolve } from 'node:path';

/** Where one stack keeps its state and which ports it uses; dev and test never share either. */
export interface StackProfile {
  name: 'dev' | 'test' | 'faults' | 'bench';
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
    /** More `--dynamic-config-value KEY=JSON` settings, e.g. for a test's own server. */
    dynamicConfig?: string[];
  };
  /**
   * `fresh` empties the database first, so every run starts clean. `preferPostgresql`: run
   * FerretDB on a local PostgreSQL when one answers (else SQLite), see scripts/stack/mongo.ts.
   */
  mongo: { port: number; database: string; fresh: boolean; preferPostgresql?: boolean };
  /** `own`: never reuse a shared server (the fault tests kill it; benchmarks flush it). */
  redis: { port: number; database: number; own?: boolean };
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

/** Fault tests kill and restart every server, so each is their own and Temporal keeps a file. */
export const faultsProfile: StackProfile = {
  name: 'faults',
  varDir: join(root, 'var', 'faults'),
  urlVariables: {
    mongo: 'FAULTS_MONGODB_URI',
    redis: 'FAULTS_REDIS_URL',
    temporal: 'FAULTS_TEMPORAL_ADDRESS',
  },
  temporal: {
    port: 17433,
    uiPort: 18433,
    dbFile: join(root, 'var', 'faults', 'temporal.db'),
    headless: true,
  },
  mongo: { port: 27317, database: 'onboarding_faults', fresh: true },
  redis: { port: 16579, database: 0, own: true },
};

/** Benchmarks measure their own servers, with nothing else on them. */
export const benchProfile: StackProfile = {
  name: 'bench',
  varDir: join(root, 'var', 'bench'),
  urlVariables: {
    mongo: 'BENCH_MONGODB_URI',
    redis: 'BENCH_REDIS_URL',
    temporal: 'BENCH_TEMPORAL_ADDRESS',
  },
  temporal: { port: 17533, uiPort: 18533, headless: true },
  // Many writers at once: SQLite's one file lock, not the service, would set the pace.
  mongo: { port: 27417, database: 'onboarding_bench', fresh: true, preferPostgresql: true },
  redis: { port: 16679, database: 0, own: true },
};

export const repoRoot = root;
