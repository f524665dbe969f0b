import { inject } from 'vitest';
import { print, type ExecutionResult } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { createClient, type Client } from 'graphql-ws';
import { loadConfig, type Config } from '../src/config.js';
import { createLogger } from '../src/lib/logger.js';
import { type Orm } from '../src/db/orm.js';
import { initORM } from '../src/orm.js';
import { makeServer, type PlatformServer } from '../src/server.js';
import { createTestDatabase } from './database.js';
import { createServices, type Services, type ServicesOptions } from '../src/services.js';
import type { ProviderMap } from '../src/modules/notify/notify.providers.js';
import type { PayoutProvider } from '../src/modules/wallet/payout.provider.js';

export interface TestDatabase {
  orm: Orm;
  url: string;
  /** Closes the ORM and drops the database. */
  dispose(): Promise<void>;
}

/** A fresh, migrated database on the real PostgreSQL server, for this test file only. */
export async function openTestDatabase(): Promise<TestDatabase> {
  const { url, drop } = await createTestDatabase(inject('templateDatabase'));
  const orm = await initORM({ databaseUrl: url });
  return {
    orm,
    url,
    dispose: async () => {
      await orm.close(true);
      await drop();
    },
  };
}

export interface TestServer {
  config: Config;
  db: TestDatabase;
  server: PlatformServer;
  services: Services;
  httpUrl: string;
  graphqlUrl: string;
  wsUrl: string;
  close(): Promise<void>;
}

export interface TestServerOptions {
  env?: Record<string, string>;
  /** Another instance on the same database (scale-out tests); that database is left to its owner. */
  database?: TestDatabase;
  providers?: Partial<ProviderMap>;
  /** The resolver (and stand-in internet) of outbound requests. */
  outbound?: ServicesOptions['outbound'];
  /** A controllable clock for SLA cycles and checks. */
  clock?: () => Date;
  /** A bank for payouts instead of the sandbox one. */
  payoutProvider?: PayoutProvider;
}

/** The real API on an ephemeral port over a fresh database: what client apps talk to. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const db = options.database ?? (await openTestDatabase());
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: db.url, ...options.env });
  const logger = createLogger({ level: config.LOG_LEVEL });
  const services = createServices({
    config,
    orm: db.orm,
    logger,
    ...(options.providers ? { providers: options.providers } : {}),
    ...(options.outbound ? { outbound: options.outbound } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.payoutProvider ? { payoutProvider: options.payoutProvider } : {}),
  });
  const server = await makeServer({ config, orm: db.orm, logger, services });
  const port = await server.listen(0, '127.0.0.1');
  await services.start();
  const httpUrl = `http://127.0.0.1:${port}`;
  return {
    config,
    db,
    server,
    httpUrl,
    graphqlUrl: `${httpUrl}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    services,
    close: async () => {
      await server.close();
      await services.close();
      if (!options.database) await db.dispose();
    },
  };
}

/**
 * The last position of the ticket event stream, once every committed event has one (the relay may be mid-pass on
 * another connection, so this passes until nothing is left unpositioned).
 */
export async function eventHead(server: TestServer): Promise<string> {
  const em = server.db.orm.em.fork();
  for (;;) {
    await server.services.eventRelay.relayOnce();
    const [pending] = await em.execute<Array<{ count: string }>>(
      'select count(*) as count from ticket_outbox where position is null',
    );
    if (Number(pending?.count) === 0) break;
  }
  const [row] = await em.execute<Array<{ max: string | null }>>('select max(position) as max from ticket_outbox');
  const head = row?.max ?? '0';
  // And this instance's fan-out has handed those events to its subscribers: a live subscription made after this
  // returns hears only later events (positioned is not yet dispatched; a test once heard a ticket's CREATED first).
  await server.services.eventFanout.whenDispatched(BigInt(head));
  return head;
}

export interface GraphqlResponse<T> extends ExecutionResult<T> {
  status: number;
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
}

/** Sends a typed document over HTTP, as a client app would. */
export async function execute<TResult, TVariables>(
  url: string,
  document: TypedDocumentNode<TResult, TVariables>,
  variables?: TVariables,
  options: RequestOptions = {},
): Promise<GraphqlResponse<TResult>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as ExecutionResult<TResult>;
  return { ...body, status: response.status };
}

/** Sends a raw request body (for malformed input tests). */
export async function postRaw(url: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return {
    status: response.status,
    body: (await response.json()) as ExecutionResult & { errors?: Array<{ extensions?: { code?: string } }> },
  };
}

/** The `extensions.code` of each error in a response. */
export const errorCodes = (result: unknown): unknown[] =>
  ((result as { errors?: Array<{ extensions?: Record<string, unknown> }> } | null)?.errors ?? []).map(
    (error) => error.extensions?.['code'],
  );

/** A graphql-ws client that the test disposes of. */
export function wsClient(url: string, connectionParams?: Record<string, unknown>): Client {
  return createClient({ url, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
}

/** Runs one operation over graphql-ws and returns its first result. */
export function wsExecuteOnce<TResult, TVariables>(
  client: Client,
  document: TypedDocumentNode<TResult, TVariables>,
  variables?: TVariables,
): Promise<ExecutionResult<TResult>> {
  return new Promise((resolve, reject) => {
    let result: ExecutionResult<TResult> | undefined;
    client.subscribe<TResult>(
      { query: print(document), variables: variables as Record<string, unknown> | undefined },
      {
        next: (value) => {
          result ??= value as ExecutionResult<TResult>;
        },
        error: (error) => {
          if (Array.isArray(error)) resolve({ errors: error });
          else reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
        },
        complete: () => (result ? resolve(result) : reject(new Error('completed without a result'))),
      },
    );
  });
}

/** Collects what a graphql-ws subscription sends, for tests that wait for events. */
export function collect<TResult, TVariables>(
  client: Client,
  document: TypedDocumentNode<TResult, TVariables>,
  variables?: TVariables,
) {
  const results: TResult[] = [];
  const errors: unknown[] = [];
  let completed = false;
  // Waiters look again whenever something arrives: a test waits for the event it needs, never polls.
  const waiters = new Set<() => void>();
  const arrived = () => {
    for (const look of [...waiters]) look();
  };
  const dispose = client.subscribe<TResult>(
    { query: print(document), variables: variables as Record<string, unknown> | undefined },
    {
      next: (value) => {
        if (value.errors) errors.push(...value.errors);
        if (value.data) results.push(value.data as TResult);
        arrived();
      },
      error: (error) => {
        errors.push(...(Array.isArray(error) ? error : [error]));
        arrived();
      },
      complete: () => {
        completed = true;
        arrived();
      },
    },
  );
  return {
    results,
    errors,
    get completed() {
      return completed;
    },
    dispose,
    /** Resolves once `count` results have arrived; rejects on an error, on completion short of it, or after `timeoutMs`. */
    waitFor(count: number, timeoutMs = 10_000): Promise<TResult[]> {
      return this.waitUntil((results) => results.length >= count, timeoutMs, `${count} results`);
    },
    /** Resolves with the subscription's errors once it has any (a refused subscription). */
    refusal(timeoutMs = 10_000): Promise<unknown[]> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(look);
          reject(new Error(`no error after ${timeoutMs} ms (${results.length} results)`));
        }, timeoutMs);
        function look() {
          if (!errors.length) return;
          clearTimeout(timer);
          waiters.delete(look);
          resolve(errors);
        }
        waiters.add(look);
        look();
      });
    },
    /** Resolves once `done(results)` holds; rejects on an error, on completion short of it, or after `timeoutMs`. */
    waitUntil(
      done: (results: TResult[]) => boolean,
      timeoutMs = 10_000,
      what = 'the awaited results',
    ): Promise<TResult[]> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(look);
          reject(new Error(`no ${what} after ${timeoutMs} ms (${results.length} results)`));
        }, timeoutMs);
        const settle = (outcome: () => void) => {
          clearTimeout(timer);
          waiters.delete(look);
          outcome();
        };
        function look() {
          if (errors.length) settle(() => reject(new Error(`subscription failed: ${JSON.stringify(errors)}`)));
          else if (done(results)) settle(() => resolve(results));
          else if (completed) settle(() => reject(new Error(`completed before ${what} (${results.length} results)`)));
        }
        waiters.add(look);
        look();
      });
    },
  };
}
