import type { IncomingMessage } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { WebSocket } from 'ws';
import type { Config } from './config.js';
import type { Context } from './lib/context.js';
import { checkInput } from './lib/input-boundary.js';
import { localizeFieldErrors } from './lib/field-rules.js';
import { localeOf, type Locale } from './lib/locale.js';

/** Codes of the transport edge, joined into the one table in src/errors.ts. */
export const transportErrorCodes = {
  GRAPHQL_PARSE_FAILED: 'The query is not valid GraphQL (or is longer than 5,000 tokens).',
  GRAPHQL_VALIDATION_FAILED:
    'The query does not fit the schema, or is too deep, too costly, or has too many aliases or directives.',
  BAD_REQUEST: 'The request is malformed: not JSON, too large (1 MB), no operation, or blocked as a possible CSRF.',
  TOO_MANY_SUBSCRIPTIONS: 'graphql-ws: the socket holds the most subscriptions allowed (`extensions.max`).',
} as const;

/**
 * Validation errors about a value written inline (graphql-js's ValuesOfCorrectType: a scalar its parser refused,
 * ours with its `fieldRule` or a built-in's "cannot represent", an unknown enum value, a missing or unknown input
 * field): the input boundary answers those itself, with paths. Any other validation error
 * (an unknown field, too deep, too costly) is about the document and is answered as it is, before any input rule.
 */
export const isInlineValueError = (error: { message: string; extensions?: Record<string, unknown> }): boolean =>
  Boolean(error.extensions?.['fieldRule']) ||
  /^(Expected value of type|Field "[^"]+" of required type|Field "[^"]+" is not defined by type|Value "[^"]*" does not exist in|Enum "[^"]+" cannot represent|\w+ cannot represent)/.test(
    error.message,
  );

/** The HTTP body limit; a graphql-ws message over it closes the socket with 1009 before it is parsed. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/**
 * HTTP: the input boundary (lib/input-boundary.ts) as an Apollo plugin. It answers for the operation once it is
 * validated, and replaces validation's own complaint about an inline scalar its parser refused with the same field
 * errors a variable would get. Field messages are written in the request's language on the way out.
 */
export function inputBoundaryPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async validationDidStart(request) {
          return async (errors) => {
            if (!errors?.length || !request.document || !errors.every(isInlineValueError)) return;
            const error = checkInput(
              request.schema,
              request.document,
              request.request.operationName,
              request.request.variables,
              request.contextValue.locale,
            );
            if (error) (errors as GraphQLError[]).splice(0, errors.length, error);
          };
        },
        async didResolveOperation(request) {
          const error = checkInput(
            request.schema,
            request.document,
            request.request.operationName,
            request.request.variables,
            request.contextValue.locale,
          );
          if (error)
            throw new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 400 } } });
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          response.body.singleResult.errors = localizeFieldErrors(
            response.body.singleResult.errors,
            contextValue.locale,
          );
        },
      };
    },
  };
}

/** What graphql-ws keeps per socket for these limits. */
export type SocketLimitState = { limitKeys?: string[] };

/**
 * graphql-ws: the same input boundary and limits as HTTP, plus bounds on what one client can hold open: at most
 * WS_MAX_SUBSCRIPTIONS_PER_SOCKET operations per socket (over it, that subscription gets an error), at most
 * WS_MAX_SOCKETS_PER_USER sockets per account and WS_MAX_SOCKETS_PER_ADDRESS per address (over it, the socket closes
 * with graphql-ws's 4429 "too many").
 */
export function makeSocketLimits(config: Config) {
  const open = new Map<string, number>();
  const release = (keys: readonly string[]) => {
    for (const key of keys) {
      const left = (open.get(key) ?? 1) - 1;
      if (left <= 0) open.delete(key);
      else open.set(key, left);
    }
  };
  return {
    /** ws server options: messages over the body limit close the socket (1009) before they are parsed. */
    serverOptions: { maxPayload: MAX_MESSAGE_BYTES },
    /**
     * On connection_init, once the caller is known: counts the socket against its account and address. Returns
     * false (and closes the socket with 4429) when either is over its bound.
     */
    admit(socket: WebSocket, state: SocketLimitState, ip: string, userId: string | null): boolean {
      const keys = [`ip:${ip}`, ...(userId ? [`user:${userId}`] : [])];
      const over = keys.some(
        (key) =>
          (open.get(key) ?? 0) >=
          (key.startsWith('user:') ? config.WS_MAX_SOCKETS_PER_USER : config.WS_MAX_SOCKETS_PER_ADDRESS),
      );
      if (over) {
        socket.close(4429, 'Too many open sockets');
        return false;
      }
      for (const key of keys) open.set(key, (open.get(key) ?? 0) + 1);
      state.limitKeys = keys;
      socket.once('close', () => release(keys));
      return true;
    },
    /** On subscribe, before anything else: an error for this operation when the socket holds too many. */
    subscriptionRefusal(activeSubscriptions: number, locale: Locale): GraphQLError[] | null {
      if (activeSubscriptions < config.WS_MAX_SUBSCRIPTIONS_PER_SOCKET) return null;
      const max = config.WS_MAX_SUBSCRIPTIONS_PER_SOCKET;
      return [
        new GraphQLError(
          locale === 'ru'
            ? `На одном соединении не больше ${max} подписок`
            : `A socket may hold at most ${max} subscriptions`,
          { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', max } },
        ),
      ];
    },
    /** The input boundary for an operation that passed validation (or failed it on an inline scalar). */
    inputErrors(
      schema: GraphQLSchema,
      document: DocumentNode,
      operationName: string | null | undefined,
      variables: Record<string, unknown> | null | undefined,
      request: IncomingMessage,
    ): GraphQLError[] | null {
      const error = checkInput(schema, document, operationName, variables, localeOf(request));
      return error ? [error] : null;
    },
    localize: <T extends { extensions?: Record<string, unknown> | undefined }>(
      errors: readonly T[],
      request: IncomingMessage,
    ) => localizeFieldErrors(errors, localeOf(request)),
  };
}
