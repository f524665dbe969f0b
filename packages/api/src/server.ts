import { createServer, type Server as HttpServer } from 'node:http';
import express, { type Request } from 'express';
import { pinoHttp } from 'pino-http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { Config } from './config.js';
import type { Logger } from './lib/logger.js';
import type { Orm } from './db/orm.js';
import type { Context } from './lib/context.js';
import { makeFormatError } from './lib/errors.js';
import { makeGraphqlGuards } from './lib/graphql-guards.js';
import { buildApiSchema } from './schema.js';
import { checkReadiness } from './lib/readiness.js';
import type { Services } from './services.js';
import { localeOf } from './lib/locale.js';
import { countStatements } from './db/sql-counter.js';
import { devOutboxHandler } from './modules/notify/dev-outbox.route.js';
import { uploadRouter } from './modules/attachments/upload.route.js';
import { createMetrics, type Metrics } from './server/metrics.js';
import { graphqlSpanPlugin, withGraphqlSpan } from './lib/tracing.js';
import { compiledExecution } from './lib/compiled-executor.js';
import { inputBoundaryPlugin } from './transport-limits.js';
import { serveAdmin } from './server/admin-static.js';
import { inFlightOperations, operationLogPlugin } from './server/apollo-plugins.js';
import { GRAPHQL_PATH, MAX_TOKENS } from './server/graphql-path.js';
import { graphqlHttpHandler } from './server/graphql-http.js';
import { serveGraphqlWs } from './server/graphql-ws.js';
import { errorHandler, notFoundHandler } from './server/http-errors.js';
import { createContext, identifyHttp, quietRequestLogs, requestIdOf } from './server/request-context.js';

export interface ServerOptions {
  config: Config;
  orm: Orm;
  logger: Logger;
  services: Services;
}

export interface PlatformServer {
  httpServer: HttpServer;
  /** Starts listening; resolves with the bound port. */
  listen(port?: number, host?: string): Promise<number>;
  /** Stops taking work, lets in-flight requests finish, closes sockets. Does not close the ORM. */
  close(): Promise<void>;
  /** Prometheus metrics (GET /metrics; `metrics.listen()` serves them on METRICS_PORT). */
  metrics: Metrics;
}

/** Builds the platform's HTTP server: GraphQL over HTTP and graphql-ws on one path, health, the admin panel. */
export async function makeServer({ config, orm, logger, services }: ServerOptions): Promise<PlatformServer> {
  const schema = await buildApiSchema();
  const guards = makeGraphqlGuards(config);
  const metrics = createMetrics({ config, orm, logger, services });
  const formatError = metrics.countErrors(makeFormatError({ logger }));

  const inFlight = inFlightOperations();
  const app = express();
  app.disable('x-powered-by');
  // GraphQL answers POSTs; an ETag would hash every response body for nothing.
  app.disable('etag');
  app.set('trust proxy', config.TRUST_PROXY);
  const httpServer = createServer(app);
  let shuttingDown = false;

  // One log line per request, at info, with the operation's name and error codes; the request's logger (req.log)
  // carries its id. Below info (production runs at warn) nothing is logged per request, and pino-http would still
  // build that logger for each one (~2% of a list read's CPU, issue 18): it is then made only when something logs.
  const requestLogs = pinoHttp({
    logger,
    genReqId: (req, res) => {
      const id = requestIdOf(req as Request);
      res.setHeader('x-request-id', id);
      return id;
    },
    customProps: (_req, res) => ((res as express.Response).locals?.['graphql'] as object | undefined) ?? {},
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
  app.use(logger.isLevelEnabled('info') ? requestLogs : quietRequestLogs(requestLogs.logger));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const readiness = shuttingDown ? { ready: false, reason: 'shutting down' } : await checkReadiness(orm);
    res.status(readiness.ready ? 200 : 503).json(readiness);
  });

  const socketServer = serveGraphqlWs({
    httpServer,
    schema,
    guards,
    metrics,
    formatError,
    config,
    orm,
    logger,
    services,
  });

  const apollo = new ApolloServer<Context>({
    // The schema, with queries and mutations run compiled (graphql-jit; lib/compiled-executor.ts) unless switched off.
    ...(config.GRAPHQL_COMPILED ? { gateway: compiledExecution(schema).gateway } : { schema }),
    introspection: !config.isProduction,
    csrfPrevention: true,
    // main.ts owns signal handling and closes the database after Apollo has drained.
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: MAX_TOKENS },
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    formatError,
    validationRules: guards.validationRules,
    plugins: [
      ...guards.plugins,
      operationLogPlugin,
      inputBoundaryPlugin(),
      inFlight.plugin,
      metrics.apolloPlugin,
      graphqlSpanPlugin,
      // No HTTP caching of GraphQL answers here; without it Apollo skips wrapping every field's resolver.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.SHUTDOWN_GRACE_SECONDS * 1000 }),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await socketServer.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  if (!config.isProduction) {
    // Development and tests: each GraphQL response says how many SQL statements it cost (x-sql-statements).
    app.use(GRAPHQL_PATH, (_req, res, next) => {
      const { counter } = countStatements(() => next());
      const writeHead = res.writeHead.bind(res);
      res.writeHead = ((...args: Parameters<typeof res.writeHead>) => {
        res.setHeader('x-sql-statements', String(counter.statements));
        return writeHead(...args);
      }) as typeof res.writeHead;
    });
  }
  app.use(
    GRAPHQL_PATH,
    express.json({ limit: '1mb' }),
    withGraphqlSpan(
      graphqlHttpHandler(apollo, async ({ req, res }) =>
        Object.assign(
          createContext(
            orm,
            services,
            {
              ...(await identifyHttp(services, req)),
              requestId: String(req.id),
              ip: req.ip ?? 'unknown',
              userAgent: req.headers['user-agent'] ?? null,
              locale: localeOf(req),
            },
            () => req.log,
          ),
          // The operation log plugin writes the operation's name and error codes on the request's log line.
          { res },
        ),
      ),
    ),
  );

  app.use(uploadRouter(orm, services));
  if (!config.isProduction) app.get('/dev/outbox', devOutboxHandler(orm));

  serveAdmin(app, config, logger);
  app.get('/metrics', metrics.handler);
  app.use(notFoundHandler);
  app.use(errorHandler);

  return {
    httpServer,
    listen: (port = config.PORT, host = config.HOST) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          const address = httpServer.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    close: async () => {
      shuttingDown = true;
      await apollo.stop();
      // A client that left mid-request does not stop its resolvers: wait for them before the database closes.
      await inFlight.idle(config.SHUTDOWN_GRACE_SECONDS * 1000);
      await metrics.close();
    },
    metrics,
  };
}
