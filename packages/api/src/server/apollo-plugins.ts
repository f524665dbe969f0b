import type express from 'express';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../lib/context.js';

/** Counts GraphQL operations being executed, so shutdown can wait for them. */
export function inFlightOperations() {
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
export const operationLogPlugin: ApolloServerPlugin<Context> = {
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
