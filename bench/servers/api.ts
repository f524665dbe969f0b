/**
 * One API instance in its own process, started the way packages/api/src/main.ts starts it (config from the
 * environment, the ORM, the services, the server), plus an IPC channel for the bench: "ready" with the port,
 * "memory" (after a full GC) and "stop" (graceful, as on SIGTERM). Run with --expose-gc.
 */
import { importApi, loadReflectMetadata } from '../lib/common.ts';
import { serveIpc } from './ipc.ts';

await loadReflectMetadata();
const { loadConfig } = await importApi<{
  loadConfig(): { DATABASE_URL?: string; DATABASE_POOL_SIZE: number; LOG_LEVEL: string };
}>('config.js');
const { createLogger } = await importApi<{ createLogger(o: { level: string }): unknown }>('lib/logger.js');
const { initORM } = await importApi<{
  initORM(t: { databaseUrl?: string; poolSize?: number }): Promise<{ close(force?: boolean): Promise<void> }>;
}>('orm.js');
const { createServices } = await importApi<{
  createServices(o: object): { start(): Promise<void>; close(): Promise<void> };
}>('services.js');
const { makeServer } = await importApi<{
  makeServer(o: object): Promise<{ listen(port?: number, host?: string): Promise<number>; close(): Promise<void> }>;
}>('server.js');

const config = loadConfig();
const logger = createLogger({ level: config.LOG_LEVEL });
const orm = await initORM({ databaseUrl: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE });
const services = createServices({ config, orm, logger });
const server = await makeServer({ config, orm, logger, services });
const port = await server.listen(0, '127.0.0.1');
await services.start();

serveIpc(port, async () => {
  await server.close();
  await services.close();
  await orm.close(true);
});
