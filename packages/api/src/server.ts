import { createServer, type Server as HttpServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type ErrorRequestHandler, type Request } from 'express';
import { pinoHttp } from 'pino-http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { WebSocketServer } from 'ws';
import { useGraphqlWs } from './lib/graphql-ws-transport.js';
import { GraphQLError, parse, validate, specifiedRules, getOperationAST, type ExecutionArgs } from 'graphql';
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
import { countStatements } from './lib/sql-counter.js';
import type { Viewer } from './lib/context.js';
import { DomainError } from './lib/errors.js';
import { devOutboxHandler } from './modules/notify/dev-outbox.route.js';
import { uploadRouter } from './modules/attachments/upload.route.js';
import { ticketEventsAudience } from './modules/events/events.resolver.js';
import { sharedSubscribe } from './lib/shared-subscriptions.js';
import { SocketCredentials } from './lib/socket-credentials.js';
import type { Integrator } from './modules/integrations/api-key.service.js';
import { createMetrics, type Metrics } from './lib/metrics.js';
import { graphqlSpanPlugin, withGraphqlSpan } from './lib/tracing.js';
import { compiledExecution } from './lib/compiled-executor.js';
import { inputBoundaryPlugin, makeSocketLimits, type SocketLimitState } from './transport-limits.js';

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

const GRAPHQL_PATH = '/graphql';
/** Largest query accepted, in tokens: stops parser-exhaustion attacks before validation runs. */
const MAX_TOKENS = 5000;

function requestIdOf(req: Request): string {
  const header = req.headers['x-request-id'];
  return typeof header === 'string' && /^[\w-]{1,100}$/.test(header) ? header : randomUUID();
}

/** The viewer of an HTTP request; a bad token is a 401 UNAUTHENTICATED, never silently anonymous. */
async function authenticateHttp(services: Services, authorization: string | undefined): Promise<Viewer | null> {
  try {
    return await services.sessions.authenticate(authorization);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
  }
}

/** The integrator of an HTTP request (x-api-key); a bad key is a 401 UNAUTHENTICATED. */
async function authenticateApiKey(services: Services, key: string | string[] | undefined): Promise<Integrator | null> {
  try {
    return await services.apiKeys.authenticate(typeof key === 'string' ? key : null);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
  }
}

/** Counts GraphQL operations being executed, so shutdown can wait for them. */
function inFlightOperations() {
  let count = 0;
  let waiters: Array<() => void> = [];
  const done = () => {
    count -= 1;
    if (count === 0) {
      for (const wake of waiters) wake();
      waiters = [];
    }
  };
  const plugin: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      count += 1;
      return { willSendResponse: async () => done() };
    },
  };
  const idle = (timeoutMs: number) =>
    count === 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, timeoutMs);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
  return { plugin, idle };
}

/** Logs each GraphQL operation's name and error codes on the HTTP request's log line. */
const operationLogPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ request, response, contextValue }) {
        const res = (contextValue as Context & { res?: express.Response }).res;
        if (!res) return;
        const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
        res.locals['graphql'] = {
          operation: request.operationName ?? null,
          ...(errors ? { errors: errors.map((error) => error.extensions?.['code'] ?? 'UNKNOWN') } : {}),
        };
      },
    };
  },
};

/** Builds the platform's HTTP server: GraphQL over HTTP and graphql-ws on one path, health, the admin panel. */
export async function makeServer({ config, orm, logger, services }: ServerOptions): Promise<PlatformServer> {
  const schema = await buildApiSchema();
  const guards = makeGraphqlGuards(config);
  const metrics = createMetrics({ config, orm, logger, services });
  const formatError = metrics.countErrors(makeFormatError({ logger }));

  const inFlight = inFlightOperations();
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY);
  const httpServer = createServer(app);
  let shuttingDown = false;

  app.use(
    pinoHttp({
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
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const readiness = shuttingDown ? { ready: false, reason: 'shutting down' } : await checkReadiness(orm);
    res.status(readiness.ready ? 200 : 503).json(readiness);
  });

  // graphql-ws on the same path as HTTP GraphQL.
  const socketLimits = makeSocketLimits(config);
  const wsServer = new WebSocketServer({ server: httpServer, path: GRAPHQL_PATH, ...socketLimits.serverOptions });
  // Sockets live no longer than their credential: revocations on any instance close them (4403), expiry too (4401).
  const socketCredentials = new SocketCredentials(services.pubsub);
  const wsServerCleanup = useGraphqlWs<
    Record<string, unknown>,
    { requestId?: string; ip?: string; viewer?: Viewer | null; integrator?: Integrator | null } & SocketLimitState
  >(
    metrics.watchGraphqlWs({
      schema,
      // One execution per event for all ticketEvents subscribers of the same operation and audience.
      subscribe: sharedSubscribe((args, rootFields) =>
        rootFields.length === 1 && rootFields[0] === 'ticketEvents'
          ? ticketEventsAudience(args.contextValue as Context)
          : null,
      ),
      onConnect: async (ctx) => {
        ctx.extra.requestId = randomUUID();
        ctx.extra.ip = ctx.extra.request.socket.remoteAddress ?? 'unknown';
        const authorization = ctx.connectionParams?.['authorization'];
        const apiKey = ctx.connectionParams?.['x-api-key'] ?? ctx.connectionParams?.['apiKey'];
        try {
          ctx.extra.viewer = await services.sessions.authenticate(
            typeof authorization === 'string' ? authorization : null,
          );
          ctx.extra.integrator = await services.apiKeys.authenticate(typeof apiKey === 'string' ? apiKey : null);
        } catch (error) {
          if (error instanceof DomainError) return false; // graphql-ws closes with 4403 Forbidden
          throw error;
        }
        if (!socketLimits.admit(ctx.extra.socket, ctx.extra, ctx.extra.ip, ctx.extra.viewer?.userId ?? null))
          return false;
        const { viewer, integrator } = ctx.extra;
        socketCredentials.track(ctx.extra.socket, {
          ...(viewer ? { userId: viewer.userId, sessionId: viewer.sessionId } : {}),
          ...(viewer?.tokenExpiresAt ? { expiresAt: viewer.tokenExpiresAt } : {}),
          ...(integrator ? { apiKeyId: integrator.apiKeyId } : {}),
        });
        return true;
      },
      onSubscribe: (ctx, _id, payload) => {
        const tooMany = socketLimits.subscriptionRefusal(
          Object.keys(ctx.subscriptions).length,
          localeOf(ctx.extra.request),
        );
        if (tooMany) return tooMany;
        let document;
        try {
          document = parse(payload.query, { maxTokens: MAX_TOKENS });
        } catch (error) {
          const message = error instanceof Error ? error.message : 'Could not parse the query';
          return [new GraphQLError(message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
        }
        const errors = validate(schema, document, [...specifiedRules, ...guards.validationRules]);
        const inputErrors = socketLimits.inputErrors(
          schema,
          document,
          payload.operationName,
          payload.variables,
          ctx.extra.request,
        );
        if (inputErrors) return inputErrors;
        if (errors.length > 0)
          return errors.map(
            (error) => new GraphQLError(error.message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
          );
        const args: ExecutionArgs = {
          schema,
          document,
          operationName: payload.operationName ?? null,
          variableValues: payload.variables ?? null,
        };
        if (!getOperationAST(document, payload.operationName ?? undefined)) {
          return [new GraphQLError('Unable to identify the operation', { extensions: { code: 'BAD_REQUEST' } })];
        }
        return args;
      },
      context: (ctx): Context => ({
        em: orm.em.fork(),
        viewer: ctx.extra.viewer ?? null,
        integrator: ctx.extra.integrator ?? null,
        services,
        requestId: ctx.extra.requestId ?? randomUUID(),
        ip: ctx.extra.ip ?? 'unknown',
        userAgent: ctx.extra.request.headers['user-agent'] ?? null,
        locale: localeOf(ctx.extra.request),
        log: logger.child({ requestId: ctx.extra.requestId, transport: 'ws' }),
      }),
      onError: (ctx, _id, _payload, errors) =>
        socketLimits
          .localize(
            errors.map((error) => formatError(error.toJSON(), error)),
            ctx.extra.request,
          )
          .map((formatted) => new GraphQLError(formatted.message, { extensions: formatted.extensions ?? {} })),
      onNext: (ctx, _id, _payload, _args, result) => {
        if (!('errors' in result) || !result.errors) return;
        const errors = result.errors.map((error) => formatError(error.toJSON(), error));
        return { ...result, errors: socketLimits.localize(errors, ctx.extra.request) };
      },
    }),
    wsServer,
    { logger, isProduction: config.isProduction },
  );

  const apollo = new ApolloServer<Context>({
    // The schema, with queries and mutations run compiled (graphql-jit); see lib/compiled-executor.ts.
    gateway: compiledExecution(schema).gateway,
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
              socketCredentials.dispose();
              await wsServerCleanup.dispose();
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
      expressMiddleware(apollo, {
        context: async ({ req, res }) =>
          ({
            em: orm.em.fork(),
            viewer: await authenticateHttp(services, req.headers.authorization),
            integrator: await authenticateApiKey(services, req.headers['x-api-key']),
            services,
            requestId: String(req.id),
            ip: req.ip ?? 'unknown',
            userAgent: req.headers['user-agent'] ?? null,
            locale: localeOf(req),
            log: req.log,
            res,
          }) as Context,
      }),
    ),
  );

  app.use(uploadRouter(orm, services));
  if (!config.isProduction) app.get('/dev/outbox', devOutboxHandler(orm));

  const adminDist = config.ADMIN_DIST ?? join(import.meta.dirname, '../../admin/dist');
  if (existsSync(join(adminDist, 'index.html'))) {
    app.use('/admin', express.static(adminDist, { index: false, maxAge: '1h' }));
    // The panel is a single-page app: every other /admin/ path gets index.html.
    app.get(['/admin', '/admin/{*rest}'], (req, res) => {
      if (!req.originalUrl.startsWith('/admin/')) return res.redirect(301, '/admin/');
      res.setHeader('cache-control', 'no-cache');
      res.sendFile(join(adminDist, 'index.html'));
    });
  } else {
    logger.warn({ adminDist }, 'admin panel is not built; /admin/ is not served');
  }
  app.get('/', (_req, res) => res.redirect(302, '/admin/'));
  app.get('/metrics', metrics.handler);

  app.use((_req, res) => {
    res.status(404).json({ errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] });
  });
  const errorHandler: ErrorRequestHandler = (error: { status?: number; type?: string }, req, res, _next) => {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) req.log.error({ err: error }, 'unhandled HTTP error');
    const message =
      error.type === 'entity.parse.failed'
        ? 'The request body is not valid JSON'
        : error.type === 'entity.too.large'
          ? 'The request body is too large'
          : status === 500
            ? 'Internal server error'
            : 'Bad request';
    res.status(status).json({
      errors: [{ message, extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }],
    });
  };
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
