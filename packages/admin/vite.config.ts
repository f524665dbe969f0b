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
  build: {
    sourcemap: true,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/@mui')) return 'mui';
          if (id.includes('node_modules/react-admin') || id.includes('node_modules/ra-')) return 'react-admin';
          if (id.includes('node_modules/react') || id.includes('node_modules/scheduler')) return 'react';
          return undefined;
        },
      },
    },
  },
});
