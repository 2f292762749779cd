/** `npm run test:live`: suites that need real cloud services (BigQuery). Not part of `npm test`. */
const base = require('./jest.config');

module.exports = { ...base, roots: ['<rootDir>/test/live'], testPathIgnorePatterns: ['/node_modules/'], globalSetup: undefined, globalTeardown: undefined, testTimeout: 900000 };
