// @ts-check
// Nest 12 ships as ES modules only. Node loads them from our CommonJS build (require(esm)),
// but Jest's module loader cannot, so Jest compiles those packages to CommonJS as well
// (see test/setup/esm-to-cjs.transform.js).
const esmOnlyPackages = ['@nestjs', 'file-type', '@scure', '@noble'];

/** @type {import('jest').Config} */
const shared = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
    '^.+\\.js$': '<rootDir>/test/setup/esm-to-cjs.transform.js',
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnlyPackages.join('|')})/)`],
};

/** @type {import('jest').Config} */
module.exports = {
  // Integration tests wait on real servers; every wait has its own deadline inside the test.
  testTimeout: 60_000,
  // Each test file loads its own copy of Nest, Temporal's SDK and webpack, and not all of it is
  // freed. Run in band (the default on two cores), one process held every file's leftovers and
  // ran out of heap near the end of CI; a worker process is replaced once it outgrows this.
  workerIdleMemoryLimit: '1GB',
  projects: [
    {
      ...shared,
      displayName: 'unit',
      roots: [
        '<rootDir>/src',
        '<rootDir>/workflows',
        '<rootDir>/workers',
        '<rootDir>/scripts',
        '<rootDir>/test/replay',
      ],
      testMatch: ['**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      roots: ['<rootDir>/test/integration'],
      testMatch: ['**/*.test.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      slowTestThreshold: 30,
    },
    {
      ...shared,
      displayName: 'e2e',
      roots: ['<rootDir>/test/e2e'],
      testMatch: ['**/*.e2e.ts'],
      globalSetup: '<rootDir>/test/setup/e2e-global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
    // Kills and restarts every server and process of its own stack (scripts/stack faultsProfile).
    {
      ...shared,
      displayName: 'faults',
      roots: ['<rootDir>/test/faults'],
      testMatch: ['**/*.faults.ts'],
    },
    // Only for `npm run histories:record`: saves workflow histories for the replay test.
    ...(process.env.RECORD_HISTORIES
      ? [
          {
            ...shared,
            displayName: 'record',
            roots: ['<rootDir>/test/replay'],
            testMatch: ['**/*.record.ts'],
            globalSetup: '<rootDir>/test/setup/global-setup.ts',
            globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
          },
        ]
      : []),
  ],
};
