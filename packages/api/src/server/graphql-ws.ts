import { randomUUID } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { GraphQLError, parse, validate, specifiedRules, getOperationAST, type ExecutionArgs } from 'graphql';
import type { DocumentNode, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { Config } from '../config.js';
import type { Orm } from '../db/orm.js';
import type { Context, Viewer } from '../lib/context.js';
import { DomainError } from '../lib/errors.js';
import type { GraphqlGuards } from '../lib/graphql-guards.js';
import { useGraphqlWs } from '../lib/graphql-ws-transport.js';
import { localeOf } from '../lib/locale.js';
import type { Logger } from '../lib/logger.js';
import type { Metrics } from './metrics.js';
import { sharedSubscribe } from '../lib/shared-subscriptions.js';
import { SocketCredentials } from '../lib/socket-credentials.js';
import { ticketEventsAudience } from '../modules/ticket-events/events.resolver.js';
import type { Integrator } from '../lib/context.js';
import type { Services } from '../services.js';
import { isInlineValueError, makeSocketLimits, type SocketLimitState } from '../transport-limits.js';
import { GRAPHQL_PATH, MAX_TOKENS } from './graphql-path.js';
import { createContext, identify } from './request-context.js';

/** A socket operation's text, parsed once and checked against the schema once, however many sockets send it. */
interface CheckedDocument {
  document: DocumentNode;
  errors: readonly GraphQLError[];
}

/**
 * Parsed and validated operations by their text (graphql-ws's own path parses and validates each subscribe). A
 * subscription keeps its document for as long as it lives: 10,000 integrators' sockets on one `ticketEvents` held
 * 10,000 copies of the same tree (18.8 KiB each, with its token list) and paid for parsing and validating each. The
 * document is never changed after parsing, so one copy serves every socket. Bounded like Apollo's document store.
 */
const DOCUMENTS_KEPT = 1000;

export interface GraphqlWsOptions {
  httpServer: HttpServer;
  schema: GraphQLSchema;
  guards: GraphqlGuards;
  metrics: Metrics;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  config: Config;
  orm: Orm;
  logger: Logger;
  services: Services;
}

/**
 * graphql-ws on the HTTP server's GraphQL path: socket authentication at connect, limits, per-operation parsing and
 * validation, and sockets closed when their credential is revoked or expires.
 */
export function serveGraphqlWs({
  httpServer,
  schema,
  guards,
  metrics,
  formatError,
  config,
  orm,
  logger,
  services,
}: GraphqlWsOptions) {
  // graphql-ws on the same path as HTTP GraphQL.
  const socketLimits = makeSocketLimits(config);
  const wsServer = new WebSocketServer({ server: httpServer, path: GRAPHQL_PATH, ...socketLimits.serverOptions });
  // Sockets live no longer than their credential: revocations on any instance close them (4403), expiry too (4401).
  const socketCredentials = new SocketCredentials(services.pubsub);
  const rules = [...specifiedRules, ...guards.validationRules];
  const documents = new LRUCache<string, CheckedDocument>({ max: DOCUMENTS_KEPT });
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
        try {
          Object.assign(
            ctx.extra,
            await identify(services, {
              authorization: ctx.connectionParams?.['authorization'],
              apiKey: ctx.connectionParams?.['x-api-key'] ?? ctx.connectionParams?.['apiKey'],
            }),
          );
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
        let checked = documents.get(payload.query);
        if (!checked) {
          let document;
          try {
            document = parse(payload.query, { maxTokens: MAX_TOKENS });
          } catch (error) {
            const message = error instanceof Error ? error.message : 'Could not parse the query';
            return [new GraphQLError(message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
          }
          checked = { document, errors: validate(schema, document, rules) };
          documents.set(payload.query, checked);
        }
        const { document, errors } = checked;
        const inputErrors = errors.every(isInlineValueError)
          ? socketLimits.inputErrors(schema, document, payload.operationName, payload.variables, ctx.extra.request)
          : null;
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
      context: (ctx): Context =>
        createContext(
          orm,
          services,
          {
            viewer: ctx.extra.viewer ?? null,
            integrator: ctx.extra.integrator ?? null,
            requestId: ctx.extra.requestId ?? randomUUID(),
            ip: ctx.extra.ip ?? 'unknown',
            userAgent: ctx.extra.request.headers['user-agent'] ?? null,
            locale: localeOf(ctx.extra.request),
          },
          () => logger.child({ requestId: ctx.extra.requestId, transport: 'ws' }),
        ),
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
  return {
    /** Stops following revocations and closes the sockets. */
    async dispose() {
      socketCredentials.dispose();
      await wsServerCleanup.dispose();
    },
  };
}
