// Runs a TypeScript entry of the API in a plain Node process, transformed as vitest does (Vite's module runner:
// oxc with decorator metadata from tsconfig). Usage: node run-ts.mjs <file.ts>
import { fileURLToPath } from 'node:url';
import { createServer, createServerModuleRunner } from 'vite';

const root = fileURLToPath(new URL('../..', import.meta.url));
const server = await createServer({
  root,
  configFile: false,
  logLevel: 'silent',
  appType: 'custom',
  // Dependencies load as Node loads them (one copy of graphql, CommonJS, shared with type-graphql).
  ssr: { external: true },
  server: { middlewareMode: true, hmr: false, ws: false, watch: null },
});
const runner = createServerModuleRunner(server.environments.ssr, { hmr: false });
// The entry sees its own arguments where Node would put them: [node, <file.ts>, ...args].
const [entry] = process.argv.splice(1, 2, process.argv[2]);
await runner.import(process.argv[1] ?? entry);
