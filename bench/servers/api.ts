/**
 * One API instance in its own process, started the way packages/api/src/main.ts starts it (config from the
 * environment, the ORM, the services, the server), plus an IPC channel for the bench: "ready" with the port,
 * "memory" (after a full GC) and "stop" (graceful, as on SIGTERM). Run with --expose-gc.
 */
import { importApi, loadReflectMetadata } from '../lib/common.ts';
import { writeFile } from 'node:fs/promises';
import { serveIpc } from './ipc.ts';

/**
 * BENCH_TIMELINE=<dir>: records when this instance heard each "outbox advanced" notice and when it handed each
 * event to its subscribers' queues (start and end of the dispatch), written to <dir>/api-<pid>.json at stop; the
 * fan-out clients write each event's commit and delivery times beside it (bench/README.md). Reads private parts
 * of the fan-out (its dispatch), so it is a bench probe, not an API feature.
 */
function traceTimeline(services: unknown): (() => Promise<void>) | null {
  const dir = process.env['BENCH_TIMELINE'];
  if (!dir) return null;
  const now = () => performance.timeOrigin + performance.now();
  const { pubsub, eventFanout } = services as {
    pubsub: { listen(topic: string, listener: (payload: { position: string }) => void): () => void };
    eventFanout: { dispatch(row: { ticketId: string; position: string }): void };
  };
  const notices: Array<{ position: string; at: number }> = [];
  const dispatches: Array<{ ticketId: string; position: string; start: number; end: number }> = [];
  pubsub.listen('tickets/outbox_advanced', ({ position }) => notices.push({ position, at: now() }));
  const dispatch = eventFanout.dispatch.bind(eventFanout);
  eventFanout.dispatch = (row) => {
    const start = now();
    dispatch(row);
    dispatches.push({ ticketId: row.ticketId, position: row.position, start, end: now() });
  };
  return () => writeFile(`${dir}/api-${process.pid}.json`, JSON.stringify({ notices, dispatches }));
}

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
const timeline = traceTimeline(services);
const server = await makeServer({ config, orm, logger, services });
const port = await server.listen(0, '127.0.0.1');
await services.start();

serveIpc(port, async () => {
  await timeline?.();
  await server.close();
  await services.close();
  await orm.close(true);
});
