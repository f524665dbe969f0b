import { isDeepStrictEqual } from 'node:util';
import { graphql, importApi, log, round, sleep } from '../lib/common.ts';
import { benchUsers, type BenchDatabase } from '../lib/db.ts';
import { body, MY_TICKETS, STAFF_TICKETS } from '../lib/documents.ts';
import { measuredLoad, type MeasuredLoad } from '../lib/load.ts';
import { startApi, startServer } from '../lib/proc.ts';
import type { Profile } from '../profile.ts';
import { mintTokens } from '../lib/tokens.ts';

export interface ReadQuery {
  name: string;
  operation: 'MyTickets' | 'StaffTickets';
  query: string;
  variables: (first: number) => Record<string, unknown>;
  pageSize: number;
  tokens: string[];
}

export async function readQueries(db: BenchDatabase): Promise<ReadQuery[]> {
  const users = await benchUsers(db, 200);
  const customerTokens = await mintTokens(users.customers);
  const staffTokens = await mintTokens(users.staff);
  return [
    {
      name: 'myTickets(first: 20)',
      operation: 'MyTickets',
      query: MY_TICKETS,
      variables: (first) => ({ first }),
      pageSize: 20,
      tokens: customerTokens,
    },
    {
      name: 'tickets(first: 25, statuses: [NEW, IN_PROGRESS])',
      operation: 'StaffTickets',
      query: STAFF_TICKETS,
      variables: (first) => ({ first, filter: { statuses: ['NEW', 'IN_PROGRESS'] } }),
      pageSize: 25,
      tokens: staffTokens,
    },
  ];
}

/** The i-th request of a query: the users take turns, so no single row is hot. */
export const requestOf =
  (q: ReadQuery, first = q.pageSize) =>
  (i: number) => ({
    body: body(q.query, q.operation, q.variables(first)),
    headers: { authorization: q.tokens[i % q.tokens.length]! },
  });

/** SQL statements per request (x-sql-statements, development mode), at a page of 1 and a full page. */
async function statementsPerRequest(db: BenchDatabase, queries: ReadQuery[]) {
  const dev = await startApi(db.url, { NODE_ENV: 'development' }, 'api (development, for x-sql-statements)');
  try {
    const counts: Record<string, Record<string, number>> = {};
    for (const q of queries) {
      const at = async (first: number) => {
        const { body: text, headers } = requestOf(q, first)(0);
        const response = await graphql(`${dev.url}/graphql`, JSON.parse(text) as never, headers);
        if (response.body.errors) throw new Error(JSON.stringify(response.body.errors));
        return Number(response.headers.get('x-sql-statements'));
      };
      counts[q.name] = { [`first: 1`]: await at(1), [`first: ${q.pageSize}`]: await at(q.pageSize) };
    }
    return counts;
  } finally {
    await dev.stop();
  }
}

/**
 * Where the API's time goes, in-process: one page of 21 tickets (category and problem joined) through the ORM
 * (entities hydrated into the identity map) against the very same SQL through em.execute (plain rows).
 */
async function ormPageCost(db: BenchDatabase) {
  const { initORM } = await importApi<{ initORM(t: { databaseUrl: string }, o: object): Promise<Orm> }>('orm.js');
  const { Ticket } = await importApi<{ Ticket: unknown }>('modules/tickets/ticket.entity.js');
  const users = await benchUsers(db, 50);
  let sql = '';
  const orm = await initORM({ databaseUrl: db.url }, { onQuery: (text: string) => (sql = text) });
  try {
    const cpuPerCall = async (call: (i: number) => Promise<unknown>) => {
      for (let i = 0; i < 100; i += 1) await call(i);
      const before = process.cpuUsage();
      for (let i = 0; i < 500; i += 1) await call(i);
      const used = process.cpuUsage(before);
      return round((used.user + used.system) / 1000 / 500, 3);
    };
    const find = (i: number) =>
      orm.em.fork().find(
        Ticket,
        { customer: users.customers[i % users.customers.length]!.id },
        {
          orderBy: { id: 'desc' },
          limit: 21,
          populate: ['category', 'problem'],
        },
      );
    const ormMs = await cpuPerCall(find);
    const text = sql;
    const executeMs = await cpuPerCall((i) =>
      orm.em.fork().execute(text, [users.customers[i % users.customers.length]!.id, 21]),
    );
    return { rows: 21, ormFindCpuMs: ormMs, sameSqlExecuteCpuMs: executeMs, ratio: round(ormMs / executeMs, 1) };
  } finally {
    await orm.close(true);
  }
}

type Orm = {
  em: {
    fork(): { find(...args: unknown[]): Promise<unknown[]>; execute(sql: string, params: unknown[]): Promise<unknown> };
  };
  close(force?: boolean): Promise<void>;
};

/** The middle one of the rounds' figures (by throughput). */
function median(measures: MeasuredLoad[]): MeasuredLoad {
  const sorted = [...measures].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export const READ_ROUNDS = 3;

export async function runRead(db: BenchDatabase, profile: Profile, dataset: string) {
  const queries = await readQueries(db);
  const statements = await statementsPerRequest(db, queries);
  log(`  SQL statements per request: ${JSON.stringify(statements)}`);

  const answers: Record<string, Record<string, unknown>> = {};
  const rounds: Record<'api' | 'raw', Record<string, MeasuredLoad[]>> = { api: {}, raw: {} };
  const measure = async (target: 'api' | 'raw', pass: number) => {
    const server =
      target === 'api' ? await startApi(db.url) : await startServer('raw.ts', { DATABASE_URL: db.url }, 'raw');
    try {
      for (const q of queries) {
        const { body: text, headers } = requestOf(q)(0);
        answers[`${target}:${q.name}`] = (
          await graphql(`${server.url}/graphql`, JSON.parse(text) as never, headers)
        ).body;
        const figures = await measuredLoad(
          {
            url: `${server.url}/graphql`,
            connections: profile.connections,
            seconds: profile.loadSeconds,
            warmupSeconds: profile.warmupSeconds,
            request: requestOf(q),
          },
          server,
        );
        (rounds[target][q.name] ??= []).push(figures);
        log(
          `  round ${pass} ${target} ${q.name}: ${figures.requestsPerSecond} req/s, p99 ${figures.latencyP99Ms} ms, ` +
            `CPU per request: server ${figures.serverCpuMsPerRequest} ms, PostgreSQL ${figures.postgresCpuMsPerRequest} ms`,
        );
      }
      await sleep(1000); // let the last abandoned requests finish before the server closes its database
    } finally {
      await server.stop();
    }
  };
  // Interleaved rounds (api, raw, api, raw, …), so a change in the machine's load falls on both alike.
  for (let pass = 1; pass <= READ_ROUNDS; pass += 1) {
    await measure('api', pass);
    await measure('raw', pass);
  }
  const results = queries.map((q) => {
    const api = median(rounds.api[q.name]!);
    const raw = median(rounds.raw[q.name]!);
    return {
      query: q.name,
      api,
      raw,
      rounds: { api: rounds.api[q.name]!, raw: rounds.raw[q.name]! },
      ratio: round(api.requestsPerSecond / raw.requestsPerSecond),
      // The baseline must answer exactly what the API answers, or the comparison means nothing.
      sameJson: isDeepStrictEqual(answers[`api:${q.name}`], answers[`raw:${q.name}`]),
    };
  });
  const ormCost = await ormPageCost(db);
  log(
    `  ORM page of 21 tickets: ${ormCost.ormFindCpuMs} ms CPU, the same SQL via em.execute: ${ormCost.sameSqlExecuteCpuMs} ms`,
  );
  return {
    dataset,
    connections: profile.connections,
    seconds: profile.loadSeconds,
    rounds: READ_ROUNDS,
    statements,
    results,
    ormCost,
  };
}
