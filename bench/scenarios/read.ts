import { isDeepStrictEqual } from 'node:util';
import { graphql, importApi, log, round, sleep } from '../lib/common.ts';
import { benchUsers, type BenchDatabase } from '../lib/db.ts';
import { body, MY_TICKETS, PEER_MY_TICKETS, PEER_STAFF_TICKETS, STAFF_TICKETS } from '../lib/documents.ts';
import { measuredLoad, type MeasuredLoad } from '../lib/load.ts';
import { startApi, startServer, type ServerProcess } from '../lib/proc.ts';
import type { Profile } from '../profile.ts';
import { mintTokens } from '../lib/tokens.ts';

export interface ReadQuery {
  name: string;
  operation: 'MyTickets' | 'StaffTickets';
  query: string;
  variables: (first: number) => Record<string, unknown>;
  pageSize: number;
  tokens: string[];
  /** The peer's (PostGraphile's) query for the same page, and its variables for the i-th request (whose token is tokens[i]). */
  peer: { query: string; variables: (first: number, i: number) => Record<string, unknown> };
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
      peer: {
        query: PEER_MY_TICKETS,
        variables: (first, i) => ({ customerId: users.customers[i % users.customers.length]!.id, first }),
      },
    },
    {
      name: 'tickets(first: 25, statuses: [NEW, IN_PROGRESS])',
      operation: 'StaffTickets',
      query: STAFF_TICKETS,
      variables: (first) => ({ first, filter: { statuses: ['NEW', 'IN_PROGRESS'] } }),
      pageSize: 25,
      tokens: staffTokens,
      peer: { query: PEER_STAFF_TICKETS, variables: (first) => ({ statuses: ['NEW', 'IN_PROGRESS'], first }) },
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

/** The i-th request of a query as the peer gets it: the same user and token, PostGraphile's query. */
export const peerRequestOf =
  (q: ReadQuery, first = q.pageSize) =>
  (i: number) => ({
    body: body(q.peer.query, q.operation, q.peer.variables(first, i)),
    headers: { authorization: q.tokens[i % q.tokens.length]! },
  });

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const iso = (value: unknown) =>
  value === null || value === undefined ? null : new Date(value as string).toISOString();
const DATES = [
  'firstResponseDueAt',
  'resolutionDueAt',
  'firstRespondedAt',
  'resolvedAt',
  'closedAt',
  'createdAt',
  'updatedAt',
];

/**
 * A page of the API's or the baseline's answer, reduced to what the peer can answer from the tables: no
 * `allowedStatuses` (the lifecycle table in code), no cursors (each server has its own), and a message without an
 * author user has no author (the API names it "Поддержка" or "Платформа"; that is presentation, not a row).
 */
function comparablePage(data: Row | undefined): Row | null {
  const connection = data && (data['myTickets'] ?? data['tickets']);
  if (!connection) return null;
  return {
    hasNextPage: connection.pageInfo.hasNextPage,
    hasPreviousPage: connection.pageInfo.hasPreviousPage,
    nodes: (connection.nodes as Row[]).map(({ allowedStatuses: _, lastMessage, ...ticket }) => ({
      ...ticket,
      ...Object.fromEntries(DATES.map((key) => [key, iso(ticket[key])])),
      lastMessage: lastMessage && {
        ...lastMessage,
        author: lastMessage.author?.id ? lastMessage.author : null,
        createdAt: iso(lastMessage.createdAt),
      },
    })),
  };
}

/** The peer's answer in the API's shape (PostGraphile's names mapped back, timestamps to the millisecond). */
function peerPage(data: Row | undefined, staff: boolean): Row | null {
  const connection = data?.['allTickets'];
  if (!connection) return null;
  const user = (u: Row | null) => (u ? { id: u['rowId'], displayName: u['displayName'] } : null);
  return {
    hasNextPage: connection.pageInfo.hasNextPage,
    hasPreviousPage: connection.pageInfo.hasPreviousPage,
    nodes: (connection.nodes as Row[]).map((t) => {
      const m = t['ticketMessagesByTicketId'].nodes[0] as Row | undefined;
      return {
        id: t['rowId'],
        number: t['number'],
        status: t['status'],
        category: { id: t['supportCategoryByCategoryId'].rowId, title: t['supportCategoryByCategoryId'].titleRu },
        problem: {
          id: t['supportProblemByProblemId'].rowId,
          title: t['supportProblemByProblemId'].titleRu,
          isOther: t['supportProblemByProblemId'].isOther,
        },
        otherSubject: t['otherSubject'],
        orderNumber: t['orderNumber'],
        description: t['description'],
        replyChannel: t['replyChannel'],
        urgent: t['urgent'],
        slaClass: t['slaClass'],
        slaPaused: t['slaPausedAt'] !== null,
        slaBreached: t['slaBreached'],
        escalated: t['escalated'],
        rating: t['rating'],
        ratingComment: t['ratingComment'],
        ...Object.fromEntries(DATES.map((key) => [key, iso(t[key])])),
        ...(staff ? { assignee: user(t['appUserByAssigneeId']), customer: user(t['appUserByCustomerId']) } : {}),
        lastMessage: m
          ? {
              id: m['rowId'],
              body: m['body'],
              internal: m['internal'],
              authorRole: m['authorRole'],
              author: user(m['appUserByAuthorId']),
              createdAt: iso(m['createdAt']),
            }
          : null,
      };
    }),
  };
}

/** Whether the peer's answer carries the baseline's rows (same ids, same order) and the same field values. */
function peerAgreement(peer: Row, baseline: Row, staff: boolean) {
  const ours = comparablePage(baseline['data']);
  const theirs = peerPage(peer['data'], staff);
  const ids = (page: Row | null) => (page?.['nodes'] as Row[] | undefined)?.map((node) => node['id']);
  return {
    sameIds: ours !== null && isDeepStrictEqual(ids(ours), ids(theirs)),
    sameFields: ours !== null && isDeepStrictEqual(ours, theirs),
    ...(peer['errors'] ? { errors: peer['errors'] } : {}),
  };
}

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

/** The three servers of each round: the API, the hand-written baseline (raw.ts), the peer (PostGraphile v5). */
const TARGETS = ['api', 'raw', 'peer'] as const;
type Target = (typeof TARGETS)[number];

export async function runRead(db: BenchDatabase, profile: Profile, dataset: string) {
  const queries = await readQueries(db);
  const statements = await statementsPerRequest(db, queries);
  log(`  SQL statements per request: ${JSON.stringify(statements)}`);

  const answers: Record<string, Record<string, unknown>> = {};
  const rounds: Record<Target, Record<string, MeasuredLoad[]>> = { api: {}, raw: {}, peer: {} };
  const start: Record<Target, () => Promise<ServerProcess>> = {
    api: () => startApi(db.url),
    raw: () => startServer('raw.ts', { DATABASE_URL: db.url }, 'raw'),
    peer: () =>
      startServer(
        'postgraphile.ts',
        { DATABASE_URL: db.url, NODE_ENV: 'production', GRAPHILE_ENV: 'production' },
        'postgraphile',
      ),
  };
  const measure = async (target: Target, pass: number) => {
    const server = await start[target]();
    try {
      for (const q of queries) {
        const request = target === 'peer' ? peerRequestOf(q) : requestOf(q);
        const { body: text, headers } = request(0);
        answers[`${target}:${q.name}`] = (
          await graphql(`${server.url}/graphql`, JSON.parse(text) as never, headers)
        ).body;
        const figures = await measuredLoad(
          {
            url: `${server.url}/graphql`,
            connections: profile.connections,
            seconds: profile.loadSeconds,
            warmupSeconds: profile.warmupSeconds,
            request,
            // Other helpers' work shares the PostgreSQL server: only this database's backends count.
            database: db.name,
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
  // Interleaved rounds (api, raw, peer, api, …), so a change in the machine's load falls on all three alike.
  for (let pass = 1; pass <= READ_ROUNDS; pass += 1) {
    for (const target of TARGETS) await measure(target, pass);
  }
  const results = queries.map((q) => {
    const api = median(rounds.api[q.name]!);
    const raw = median(rounds.raw[q.name]!);
    const peer = median(rounds.peer[q.name]!);
    const peerAgrees = peerAgreement(
      answers[`peer:${q.name}`]!,
      answers[`raw:${q.name}`]!,
      q.operation === 'StaffTickets',
    );
    log(`  ${q.name}: PostGraphile's answer against the baseline's: ${JSON.stringify(peerAgrees)}`);
    return {
      query: q.name,
      api,
      raw,
      peer,
      rounds: { api: rounds.api[q.name]!, raw: rounds.raw[q.name]!, peer: rounds.peer[q.name]! },
      ratio: round(api.requestsPerSecond / raw.requestsPerSecond),
      peerRatio: round(peer.requestsPerSecond / raw.requestsPerSecond),
      // The baseline must answer exactly what the API answers, or the comparison means nothing.
      sameJson: isDeepStrictEqual(answers[`api:${q.name}`], answers[`raw:${q.name}`]),
      // The peer answers in its own shape: the same rows in the same order, the same values (peerAgreement).
      peerAgrees,
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
