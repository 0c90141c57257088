/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }],
    '/assets/feed/.+\\.js$': '<rootDir>/test/setup/esm-transform.js',
  },
  setupFiles: ['<rootDir>/test/setup/runtime-globals.ts'],
  testTimeout: 60000,
  // Undo every jest.spyOn before each test, so a spy left behind by a failed assertion
  // (which skips the rest of its test) cannot silence or fake anything in the next one.
  restoreMocks: true,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/setup/summary-reporter.js'],
};
