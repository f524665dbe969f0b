import 'reflect-metadata';
import { readFile, writeFile } from 'node:fs/promises';
import { ConfigError, loadConfig } from './config.js';
import { migrate } from './db/orm.js';
import { initORM } from './orm.js';
import { seedDemoData } from './seed.js';
import { printApiSchema } from './schema.js';
import { errorCodeTable } from './errors.js';

const CODES_START = '<!-- error-codes:start (generated from packages/api/src/errors.ts by pnpm schema:emit) -->';
const CODES_END = '<!-- error-codes:end -->';

const usage = `usage: node dist/cli.js <command>
  migrate              apply pending migrations
  seed                 load demo data (idempotent)
  emit-schema <file>   write the sorted SDL to <file>
  emit-error-codes <readme> [out]
                       write the error-code table into <readme> (or into [out]) between its markers`;

async function run(command: string | undefined, args: string[]): Promise<void> {
  if (command === 'emit-schema') {
    const out = args[0];
    if (!out) throw new Error(usage);
    await writeFile(out, await printApiSchema());
    console.log(`wrote ${out}`);
    return;
  }
  if (command === 'emit-error-codes') {
    const readme = args[0];
    if (!readme) throw new Error(usage);
    const text = await readFile(readme, 'utf8');
    const start = text.indexOf(CODES_START);
    const end = text.indexOf(CODES_END);
    if (start < 0 || end < start) throw new Error(`${readme} has no error-code markers`);
    const out = args[1] ?? readme;
    await writeFile(out, `${text.slice(0, start + CODES_START.length)}\n\n${errorCodeTable()}\n\n${text.slice(end)}`);
    console.log(`wrote the error codes to ${out}`);
    return;
  }
  if (command !== 'migrate' && command !== 'seed') throw new Error(usage);
  const config = loadConfig();
  const orm = await initORM({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
  });
  try {
    if (command === 'migrate') {
      const applied = await migrate(orm);
      console.log(
        applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'no pending migrations',
      );
    } else {
      const summary = await seedDemoData(orm, config);
      console.log(`demo data: ${summary}`);
    }
  } finally {
    await orm.close(true);
  }
}

run(process.argv[2], process.argv.slice(3)).catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exit(1);
});
