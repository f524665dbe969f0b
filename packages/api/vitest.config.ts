import { defineConfig } from 'vitest/config';

export default defineConfig({
  // One copy of graphql-js for the app and the tests (see TOOLCHAIN.md).
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    name: 'api',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
