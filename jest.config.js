/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  // The live suite needs BigQuery and credentials: `npm run test:live`.
  testPathIgnorePatterns: ['/node_modules/', '/test/live/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  globalSetup: '<rootDir>/test/helpers/global-setup.js',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.js',
  testTimeout: 60000,
  // Two workers on these 2-core machines: DuckDB and PostgreSQL suites overlap their waits.
  maxWorkers: 2,
};
