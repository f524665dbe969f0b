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
    // A poll returns as soon as what it waits for holds; the bound is only how long a failure takes (vitest's 1 s
    // default is a fixed wait in disguise on a busy machine).
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 60_000,
  },
});
