// Configuration for the MikroORM CLI (`pnpm --filter @support/api migration:create`), run on the built output.
// New migrations are diffed against the committed schema snapshot and written to src/migrations.
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@mikro-orm/pglite';
import { ormOptions } from './orm.js';

const options = ormOptions();

export default defineConfig({
  ...(options as object),
  dbName: 'memory://',
  migrations: {
    ...options.migrations,
    path: fileURLToPath(new URL('../src/migrations', import.meta.url)),
    pathTs: fileURLToPath(new URL('../src/migrations', import.meta.url)),
  },
});
