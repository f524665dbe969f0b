import { createServer, type Server as HttpServer } from 'node:http';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { ConnectionInitMessage, ServerOptions as GraphqlWsOptions } from 'graphql-ws';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Pool } from 'pg';
import type { Config } from '../config.js';
import type { Orm } from '../db/orm.js';
import type { Logger } from '../lib/logger.js';
import type { Services } from '../services.js';
import { OPEN_STATUSES } from '../modules/tickets/ticket.entity.js';
import { DELIVERY_CHANNELS } from '../modules/notify/notify.entity.js';

/**
 * The platform's Prometheus metrics (prom-client), one registry per server:
 * - counted as things happen: GraphQL operation durations (by operation name, type and outcome) and errors by code;
 * - read at scrape time, cheaply: open graphql-ws connections and subscriptions (from the sockets), the database
 *   pool (from pg's counters), the event fan-out position (in memory), and the queues (one SQL statement per family,
 *   every family on indexed columns), so every instance reports the same cluster-wide queue figures;
 * - Node's defaults: event-loop lag, heap, GC, handles.
 * Names start with `support_`; see the README's deployment section for what each one means and what to alert on.
 */
export interface Metrics {
  registry: Registry;
  /** Apollo plugin: one observation per HTTP GraphQL operation. */
  apolloPlugin: ApolloServerPlugin;
  /** Wraps the server's formatError so that each error's final code is counted (HTTP and graphql-ws alike). */
  countErrors<F extends (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError>(format: F): F;
  /** Wraps graphql-ws server options so that open connections and their subscriptions are counted. */
  watchGraphqlWs<P extends ConnectionInitMessage['payload'], E>(
    options: GraphqlWsOptions<P, E>,
  ): GraphqlWsOptions<P, E>;
  /** GET /metrics on the API port: served when METRICS_TOKEN is set, to `Authorization: Bearer <token>` only. */
  handler: RequestHandler;
  /** Listens on METRICS_PORT when set (its own server, so the API port need not expose metrics); returns its port. */
  listen(): Promise<number | null>;
  close(): Promise<void>;
}

export interface MetricsOptions {
  config: Config;
  orm: Orm;
  logger: Logger;
  services: Pick<Services, 'eventFanout'>;
}

const PREFIX = 'support_';
/** Distinct operation names kept as label values; later ones count as "other" (names are client-chosen). */
const MAX_OPERATION_NAMES = 300;
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,79}$/;

export function createMetrics({ config, orm, logger, services }: MetricsOptions): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });

  const operationDuration = new Histogram({
    name: `${PREFIX}graphql_operation_duration_seconds`,
    help: 'GraphQL operations over HTTP, from request to response, by operation name, type and outcome (ok, error)',
    labelNames: ['operation', 'type', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({
    name: `${PREFIX}graphql_errors_total`,
    help: 'Errors in GraphQL responses (HTTP and graphql-ws), by extensions.code',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const operationNames = new Set<string>();
  const operationLabel = (name: string | null | undefined): string => {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (operationNames.has(name)) return name;
    if (operationNames.size >= MAX_OPERATION_NAMES) return 'other';
    operationNames.add(name);
    return name;
  };

  const apolloPlugin: ApolloServerPlugin = {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operation, operationName, response }) {
          const failed = response.body.kind === 'single' && Boolean(response.body.singleResult.errors?.length);
          operationDuration.observe(
            {
              // Unparseable or invalid documents have no operation: their name is not trusted as a label.
              operation: operation ? operationLabel(operationName) : 'invalid',
              type: operation?.operation ?? 'none',
              outcome: failed ? 'error' : 'ok',
            },
            Number(process.hrtime.bigint() - started) / 1e9,
          );
        },
      };
    },
  };

  // graphql-ws: the contexts of acknowledged connections; their `subscriptions` are read at scrape time.
  const wsContexts = new Set<{ subscriptions: Record<string, unknown> }>();
  new Gauge({
    name: `${PREFIX}graphql_ws_connections`,
    help: 'Open graphql-ws connections (acknowledged) on this instance',
    registers: [registry],
    collect() {
      this.set(wsContexts.size);
    },
  });
  new Gauge({
    name: `${PREFIX}graphql_ws_subscriptions`,
    help: 'Active graphql-ws subscriptions on this instance',
    registers: [registry],
    collect() {
      let count = 0;
      for (const ctx of wsContexts) count += Object.keys(ctx.subscriptions).length;
      this.set(count);
    },
  });

  // The database pool (PostgreSQL server only; PGlite is one in-process connection).
  let pool: Pool | null = null;
  if (config.DATABASE_URL) {
    void (orm.em.getConnection() as unknown as { getNativeClient(): Promise<Pool> })
      .getNativeClient()
      .then((native) => (pool = native))
      .catch((error: unknown) => logger.warn({ err: error }, 'metrics: no database pool to watch'));
  }
  new Gauge({
    name: `${PREFIX}db_pool_connections`,
    help: 'Connections of the database pool, by state (busy: lent to a query or transaction; idle: open, free)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      if (!pool) return;
      this.set({ state: 'busy' }, pool.totalCount - pool.idleCount);
      this.set({ state: 'idle' }, pool.idleCount);
    },
  });
  new Gauge({
    name: `${PREFIX}db_pool_waiting`,
    help: 'Queries waiting for a free connection of the database pool',
    registers: [registry],
    collect() {
      if (pool) this.set(pool.waitingCount);
    },
  });
  new Gauge({
    name: `${PREFIX}db_pool_max`,
    help: 'Most connections the database pool opens (DATABASE_POOL_SIZE)',
    registers: [registry],
  }).set(config.DATABASE_URL ? config.DATABASE_POOL_SIZE : 1);

  new Gauge({
    name: `${PREFIX}events_fanout_position`,
    help: 'Outbox position this instance has handed to its subscribers (relayed position minus this = fan-out lag)',
    registers: [registry],
    collect() {
      this.set(Number(services.eventFanout.position));
    },
  });

  // Queue families, read from the database at scrape time: one statement each.
  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name: `${PREFIX}${name}`, help, labelNames, registers: [registry] });
  const outboxRelayed = gauge('outbox_relayed_position', 'Highest outbox position given by the relay (the event head)');
  const outboxUnrelayed = gauge('outbox_unrelayed_events', 'Committed ticket events not yet given a position');
  const outboxOldest = gauge('outbox_oldest_unrelayed_seconds', 'Age of the oldest event waiting for the relay');
  const messageDepth = gauge('message_queue_depth', 'Outbound messages waiting for delivery, by channel', ['channel']);
  const messageRetrying = gauge('message_queue_retrying', 'Queued messages whose earlier attempts failed', ['channel']);
  const messageFailed = gauge('messages_failed', 'Outbound messages given up after their last attempt', ['channel']);
  const messageOldest = gauge('message_queue_oldest_seconds', 'Age of the oldest message waiting for delivery');
  const webhookDepth = gauge('webhook_queue_depth', 'Webhook deliveries pending');
  const webhookRetrying = gauge('webhook_queue_retrying', 'Pending webhook deliveries whose earlier attempts failed');
  const webhookFailed = gauge('webhooks_failed', 'Webhook deliveries parked after their retry period');
  const webhookOldest = gauge('webhook_queue_oldest_seconds', 'Age of the oldest pending webhook delivery');
  const payoutDepth = gauge('payout_queue_depth', 'Withdrawals waiting for or in payout, by status', ['status']);
  const payoutFailed = gauge('payouts_failed', 'Withdrawals whose payout failed');
  const payoutOldest = gauge('payout_queue_oldest_seconds', 'Age of the oldest withdrawal waiting for its payout');
  const slaBreachedOpen = gauge('tickets_sla_breached_open', 'Open tickets past an SLA due time');
  const unassignedOpen = gauge('tickets_unassigned_open', 'Open tickets no agent is assigned to');
  const unassignedOldest = gauge('tickets_unassigned_oldest_seconds', 'Age of the oldest open ticket with no agent');
  const scrapeErrors = new Counter({
    name: `${PREFIX}metrics_query_errors_total`,
    help: 'Scrape-time queue queries that failed (their gauges keep their last values)',
    labelNames: ['family'] as const,
    registers: [registry],
  });

  type Row = Record<string, string | number | null>;
  const num = (value: string | number | null | undefined) => (value === null || value === undefined ? 0 : +value);
  const families: Record<string, { sql: string; apply(rows: Row[]): void }> = {
    outbox: {
      sql: `select (select max(position) from ticket_outbox) as relayed,
                   (select count(*) from ticket_outbox where position is null) as unrelayed,
                   extract(epoch from now() - (select min(occurred_at) from ticket_outbox where position is null)) as oldest`,
      apply([row]) {
        outboxRelayed.set(num(row?.['relayed']));
        outboxUnrelayed.set(num(row?.['unrelayed']));
        outboxOldest.set(num(row?.['oldest']));
      },
    },
    messages: {
      sql: `select channel, status, count(*) as count, count(*) filter (where attempts > 0) as retrying,
                   extract(epoch from now() - min(created_at)) as oldest
              from outbound_message where status in ('QUEUED', 'FAILED') group by channel, status`,
      apply(rows) {
        for (const channel of DELIVERY_CHANNELS) {
          for (const family of [messageDepth, messageRetrying, messageFailed]) family.set({ channel }, 0);
        }
        let oldest = 0;
        for (const row of rows) {
          const channel = String(row['channel']);
          if (row['status'] === 'FAILED') messageFailed.set({ channel }, num(row['count']));
          else {
            messageDepth.set({ channel }, num(row['count']));
            messageRetrying.set({ channel }, num(row['retrying']));
            oldest = Math.max(oldest, num(row['oldest']));
          }
        }
        messageOldest.set(oldest);
      },
    },
    webhooks: {
      sql: `select count(*) filter (where status = 'PENDING') as pending,
                   count(*) filter (where status = 'PENDING' and attempts > 0) as retrying,
                   count(*) filter (where status = 'FAILED') as failed,
                   extract(epoch from now() - min(created_at) filter (where status = 'PENDING')) as oldest
              from webhook_delivery where status in ('PENDING', 'FAILED')`,
      apply([row]) {
        webhookDepth.set(num(row?.['pending']));
        webhookRetrying.set(num(row?.['retrying']));
        webhookFailed.set(num(row?.['failed']));
        webhookOldest.set(num(row?.['oldest']));
      },
    },
    payouts: {
      sql: `select count(*) filter (where status = 'PENDING') as pending,
                   count(*) filter (where status = 'PROCESSING') as processing,
                   count(*) filter (where status = 'FAILED') as failed,
                   extract(epoch from now() - min(created_at) filter (where status <> 'FAILED')) as oldest
              from withdrawal where status in ('PENDING', 'PROCESSING', 'FAILED')`,
      apply([row]) {
        payoutDepth.set({ status: 'PENDING' }, num(row?.['pending']));
        payoutDepth.set({ status: 'PROCESSING' }, num(row?.['processing']));
        payoutFailed.set(num(row?.['failed']));
        payoutOldest.set(num(row?.['oldest']));
      },
    },
    tickets: {
      sql: `select count(*) filter (where sla_breached) as breached,
                   count(*) filter (where assignee_id is null) as unassigned,
                   extract(epoch from now() - min(created_at) filter (where assignee_id is null)) as oldest
              from ticket where status in (${OPEN_STATUSES.map((status) => `'${status}'`).join(', ')})`,
      apply([row]) {
        slaBreachedOpen.set(num(row?.['breached']));
        unassignedOpen.set(num(row?.['unassigned']));
        unassignedOldest.set(num(row?.['oldest']));
      },
    },
  };

  // Concurrent scrapes share one round of queries.
  let refreshing: Promise<void> | undefined;
  const refreshQueues = () =>
    (refreshing ??= Promise.all(
      Object.entries(families).map(async ([family, { sql, apply }]) => {
        try {
          apply(await orm.em.fork().execute<Row[]>(sql));
        } catch (error) {
          scrapeErrors.inc({ family });
          logger.warn({ err: error, family }, 'metrics: queue query failed');
        }
      }),
    )
      .then(() => undefined)
      .finally(() => (refreshing = undefined)));

  const scrape = async () => {
    await refreshQueues();
    return registry.metrics();
  };

  const tokenDigest = config.METRICS_TOKEN ? createHash('sha256').update(config.METRICS_TOKEN).digest() : null;
  const authorized = (authorization: string | undefined) => {
    if (!tokenDigest) return false;
    const match = /^Bearer (.+)$/.exec(authorization ?? '');
    return Boolean(match && timingSafeEqual(createHash('sha256').update(match[1]!).digest(), tokenDigest));
  };

  const handler: RequestHandler = (req, res, next) => {
    if (!tokenDigest) return next(); // not served on the API port: the ordinary 404
    if (!authorized(req.headers.authorization)) {
      res.setHeader('www-authenticate', 'Bearer realm="metrics"');
      res
        .status(401)
        .json({ errors: [{ message: 'A metrics token is required', extensions: { code: 'UNAUTHENTICATED' } }] });
      return;
    }
    scrape().then(
      (text) => res.type(registry.contentType).send(text),
      (error: unknown) => next(error),
    );
  };

  let metricsServer: HttpServer | undefined;
  return {
    registry,
    apolloPlugin,
    countErrors: (format) =>
      ((formatted: GraphQLFormattedError, error: unknown) => {
        const result = format(formatted, error);
        const code = result.extensions?.['code'];
        errors.inc({ code: typeof code === 'string' && /^[A-Z_]{1,60}$/.test(code) ? code : 'UNKNOWN' });
        return result;
      }) as typeof format,
    watchGraphqlWs: (options) => ({
      ...options,
      onConnect: async (ctx) => {
        const accepted = options.onConnect ? await options.onConnect(ctx) : true;
        if (accepted === false) return false;
        // Counted until the socket closes (not onClose: graphql-ws calls it only after every subscription returned).
        const socket = (ctx.extra as { socket?: { once(event: 'close', listener: () => void): void } }).socket;
        if (socket) {
          wsContexts.add(ctx);
          socket.once('close', () => wsContexts.delete(ctx));
        }
        return accepted;
      },
    }),
    handler,
    listen: async () => {
      if (config.METRICS_PORT === undefined) return null;
      const server = createServer((req, res) => {
        if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
          res.writeHead(404).end();
          return;
        }
        if (tokenDigest && !authorized(req.headers.authorization)) {
          res.writeHead(401, { 'www-authenticate': 'Bearer realm="metrics"' }).end();
          return;
        }
        scrape().then(
          (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
          (error: unknown) => {
            logger.error({ err: error }, 'metrics: scrape failed');
            res.writeHead(500).end();
          },
        );
      });
      metricsServer = server;
      return new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.METRICS_PORT, config.HOST, () => {
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : config.METRICS_PORT!);
        });
      });
    },
    close: async () => {
      if (metricsServer) await new Promise<void>((resolve) => metricsServer!.close(() => resolve()));
      await refreshing;
    },
  };
}
