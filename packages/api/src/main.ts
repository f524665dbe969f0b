import 'reflect-metadata';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './lib/logger.js';
import { migrate, pendingMigrations } from './db/orm.js';
import { initORM } from './orm.js';
import { seedDemoData } from './seed.js';
import { makeServer } from './server.js';
import { createServices } from './services.js';
import { stopTracing } from './lib/tracing.js';

/**
 * `node dist/main.js [--migrate] [--seed]`: serves the API; with --migrate it first applies pending migrations and
 * with --seed loads the demo data, in this one process (scripts/start: one PGlite open instead of three).
 */
async function main(flags: string[]): Promise<void> {
  const unknown = flags.filter((flag) => flag !== '--migrate' && flag !== '--seed');
  if (unknown.length) {
    console.error(`unknown option(s): ${unknown.join(' ')}; usage: node dist/main.js [--migrate] [--seed]`);
    process.exit(2);
  }
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    // A bad value is an operator's mistake: one line per problem, no stack trace.
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  const orm = await initORM({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
  });
  if (flags.includes('--migrate')) {
    const applied = await migrate(orm);
    logger.info({ applied }, applied.length ? `applied ${applied.length} migration(s)` : 'no pending migrations');
  }
  if (flags.includes('--seed')) logger.info(`demo data: ${await seedDemoData(orm, config)}`);
  const pending = await pendingMigrations(orm);
  if (pending.length > 0) {
    logger.warn({ pending }, 'migrations are pending; run `node dist/cli.js migrate` (readyz stays 503 until then)');
  }
  const services = createServices({ config, orm, logger });
  const server = await makeServer({ config, orm, logger, services });
  const port = await server.listen();
  const metricsPort = await server.metrics.listen();
  if (metricsPort !== null) logger.info({ port: metricsPort }, `metrics at http://localhost:${metricsPort}/metrics`);
  await services.start();
  logger.info(
    { port, database: config.DATABASE_URL ? 'postgresql' : `pglite:${config.DATA_DIR}` },
    `support platform listening on http://localhost:${port}/graphql (admin at /admin/)`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal, exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    try {
      await server.close();
      await services.close();
      await orm.close(true);
      await stopTracing();
      logger.info('shut down cleanly');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error('fatal: could not start the API:', error instanceof Error ? error.message : error);
  process.exit(1);
});
