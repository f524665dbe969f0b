import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Served by the API at /admin/; `pnpm --filter @support/admin dev` proxies the API for development.
export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  // One copy of graphql-js, the ES module build: tree-shakable (the CommonJS index.js brought in all of it).
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.mjs' }] },
  server: {
    port: 5173,
    proxy: { '/graphql': { target: 'http://localhost:4000', ws: true }, '/dev': 'http://localhost:4000' },
  },
  // No manual vendor chunks: they would pull what only lazy pages use (the tickets list and page) into the
  // first screen; the default splitting keeps shared code in common chunks and the rest with its lazy page.
  build: { sourcemap: true },
});
