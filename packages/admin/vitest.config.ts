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
    hookTimeout: 180_000,
  },
});
