import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { graphql, log, round, sleep } from '../lib/common.ts';
import { benchUsers, type BenchDatabase } from '../lib/db.ts';
import { body, CREATE_TICKET, REPLY_TO_TICKET } from '../lib/documents.ts';
import { load, type LoadOptions, type LoadResult } from '../lib/load.ts';
import { startApi, startServer } from '../lib/proc.ts';
import { mintTokens } from '../lib/tokens.ts';
import type { Profile } from '../profile.ts';

async function fixtures(db: BenchDatabase) {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    // A buyer problem that needs an order number, so the duplicate rule runs (unique numbers never trip it).
    const problem = await client.query<{ id: string }>(
      `select p.id from support_problem p join support_category c on c.id = p.category_id
        where p.requires_order_number and not p.is_other and c.audience = 'BUYER' and p.active order by p.id limit 1`,
    );
    const tickets = await client.query<{ id: string }>(
      `select id from ticket where status = 'IN_PROGRESS' order by id desc limit 2000`,
    );
    return { problemId: problem.rows[0]!.id, ticketIds: tickets.rows.map((row) => row.id) };
  } finally {
    await client.end();
  }
}

/** SQL statements of one createTicket and one replyToTicket (x-sql-statements of a development instance). */
async function statementsPerMutation(url: string, requests: Array<{ body: string; headers: Record<string, string> }>) {
  const dev = await startApi(url, { NODE_ENV: 'development' }, 'api (development, for x-sql-statements)');
  try {
    const counts: number[] = [];
    for (const request of requests) {
      const response = await graphql(`${dev.url}/graphql`, JSON.parse(request.body) as never, request.headers);
      if (response.body.errors) throw new Error(JSON.stringify(response.body.errors));
      counts.push(Number(response.headers.get('x-sql-statements')));
    }
    return { createTicket: counts[0]!, replyToTicket: counts[1]! };
  } finally {
    await dev.stop();
  }
}

export async function runWrite(db: BenchDatabase, profile: Profile) {
  const users = await benchUsers(db, 2000);
  const customerTokens = await mintTokens(users.customers);
  const staffTokens = await mintTokens(users.staff);
  const { problemId, ticketIds } = await fixtures(db);
  const run = randomBytes(4).toString('hex');
  const runDigits = String(1000 + (randomBytes(2).readUInt16BE() % 9000));

  // Every request is unique: its own idempotency key and order number; customers take turns.
  const createTicket = (target: 'api' | 'raw' | 'dev') => (i: number) => ({
    body: body(CREATE_TICKET, 'CreateTicket', {
      input: {
        problemId,
        orderNumber: `${10_000_000 + i}-${{ api: 1, raw: 2, dev: 3 }[target]}${runDigits}`,
        description: `Заказ ${i} пришёл не полностью, не хватает двух позиций.`,
        replyChannel: 'SMS',
        idempotencyKey: `bench-${run}-${target}-${i}`,
      },
    }),
    headers: { authorization: customerTokens[i % customerTokens.length]! },
  });
  // Staff replies go round the open tickets, so 50 connections rarely wait on the same ticket's row lock.
  const replyToTicket = (i: number) => ({
    body: body(REPLY_TO_TICKET, 'ReplyToTicket', {
      input: {
        ticketId: ticketIds[i % ticketIds.length],
        body: `Ответ ${i}: проверили заказ, деньги вернём.`,
        internal: false,
      },
    }),
    headers: { authorization: staffTokens[i % staffTokens.length]! },
  });

  const options = (url: string, request: LoadOptions['request']): LoadOptions => ({
    url,
    connections: profile.connections,
    seconds: profile.loadSeconds,
    warmupSeconds: profile.warmupSeconds,
    request,
  });
  const measure = async (target: 'api' | 'raw') => {
    const server =
      target === 'api' ? await startApi(db.url) : await startServer('raw.ts', { DATABASE_URL: db.url }, 'raw');
    try {
      const create = await load(options(`${server.url}/graphql`, createTicket(target)));
      log(
        `  ${target} createTicket: ${create.requestsPerSecond} req/s, p99 ${create.latencyP99Ms} ms, ${create.failures} failures`,
      );
      const reply = await load(options(`${server.url}/graphql`, replyToTicket));
      log(
        `  ${target} replyToTicket: ${reply.requestsPerSecond} req/s, p99 ${reply.latencyP99Ms} ms, ${reply.failures} failures`,
      );
      await sleep(1000); // let the last abandoned requests finish before the server closes its database
      return { createTicket: create, replyToTicket: reply };
    } finally {
      await server.stop();
    }
  };
  const statements = await statementsPerMutation(db.url, [createTicket('dev')(0), replyToTicket(0)]);
  log(`  SQL statements: createTicket ${statements.createTicket}, replyToTicket ${statements.replyToTicket}`);
  const api = await measure('api');
  const raw = await measure('raw');
  const row = (name: 'createTicket' | 'replyToTicket') => ({
    mutation: name,
    api: api[name] as LoadResult,
    raw: raw[name] as LoadResult,
    ratio: round(api[name].requestsPerSecond / raw[name].requestsPerSecond),
  });
  return {
    statements: { api: statements, raw: { createTicket: 4, replyToTicket: 1 } },
    connections: profile.connections,
    seconds: profile.loadSeconds,
    results: [row('createTicket'), row('replyToTicket')],
  };
}
