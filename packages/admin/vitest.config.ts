import { defineConfig } from 'vitest/config';

// Browser end-to-end tests: the real API (built) on a fresh PostgreSQL database, driven through Chromium.
export default defineConfig({
  test: {
    name: 'admin-e2e',
    include: ['e2e/**/*.test.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    // One API server and its database serve every file; files take turns so that they do not race on it.
    fileParallelism: false,
    testTimeout: 60_000,
    // A poll waits for what the page must come to show and returns as soon as it does; the bound is only how long a
    // failure takes. vitest's default (1 s) failed on a busy machine (two suites at once) while the page was right.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 180_000,
  },
});
