import { defineConfig } from 'vitest/config';

// One run, one summary: every package's tests as a project.
export default defineConfig({
  test: {
    projects: ['packages/api', 'packages/admin'],
  },
});
