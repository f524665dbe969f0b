import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import {
  buildSchema,
  getNamedType,
  getNullableType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.js';
import { loginAs } from './identity-helpers.js';

/**
 * The schema-driven fuzz test: for every argument of every query, mutation and subscription in the committed SDL,
 * and for each kind of caller, a seeded fast-check generator sends plausible and hostile values (NUL, lone
 * surrogates, 1 MB strings, boundary and out-of-range numbers, BigInt literals and variables, malformed ids and
 * cursors (the Cursor scalar: forged, foreign and malformed), far dates, oversized lists, wrong types, values nested 500 deep), inline and as variables, over HTTP and graphql-ws. Every answer
 * must be a clear refusal or a result: no 5xx, no INTERNAL_SERVER_ERROR, no stack or SQL in a message, and nothing
 * written to the database when the answer is an error. New fields are covered as soon as they are in the SDL.
 *
 * FUZZ_RUNS (default 3) sets the runs per field and caller; FUZZ_SEED picks another seed.
 */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 3);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261130);
const SDL = readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');
const schema: GraphQLSchema = buildSchema(SDL);

/** Fields that end the caller's own sessions would only blind the rest of the run; they take no hostile input. */
const SKIP = new Set(['Mutation.logout', 'Mutation.logoutEverywhere']);

type Caller = 'anonymous' | 'customer' | 'seller' | 'agent' | 'senior' | 'admin' | 'integrator';
const CALLERS: Caller[] = ['anonymous', 'customer', 'seller', 'agent', 'senior', 'admin', 'integrator'];

let api: TestServer;
const auth = new Map<Caller, Record<string, string>>();
const sockets = new Map<Caller, Client>();
/** Ids of real records, so that generated requests reach the rules behind "not found". */
let knownIds: string[] = [];
let fingerprintSql = '';
const lateErrors: unknown[] = [];
/** FUZZ_PROFILE=1: where the run's time goes (setup, the "nothing written" mark, each transport), printed at the end. */
const PROFILE = Boolean(process.env['FUZZ_PROFILE']);
const spent = new Map<string, { ms: number; count: number }>();
async function timed<T>(what: string, work: () => Promise<T>): Promise<T> {
  if (!PROFILE) return work();
  const started = performance.now();
  try {
    return await work();
  } finally {
    const entry = spent.get(what) ?? { ms: 0, count: 0 };
    entry.ms += performance.now() - started;
    entry.count += 1;
    spent.set(what, entry);
  }
}

async function gql(caller: Caller, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(api.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth.get(caller) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: Problem[] };
  if (body.errors) throw new Error(`setup failed: ${query}: ${JSON.stringify(body.errors)}`);
  return { status: response.status, body };
}

interface Problem {
  message: string;
  extensions?: Record<string, unknown>;
}

/** A cheap "was anything written" mark: how many rows were written to the tables requests write (see setUp). */
async function fingerprint(): Promise<string> {
  const [row] = await api.db.orm.em.fork().execute<Array<{ mark: string }>>(fingerprintSql);
  return row!.mark;
}

beforeAll(async () => {
  await timed('setup', setUp);
}, 120_000);

async function setUp() {
  api = await startTestServer({
    env: {
      LOGIN_CODES_PER_IP_PER_HOUR: '100000',
      LOGIN_VERIFICATIONS_PER_IP_PER_HOUR: '100000',
      LOGIN_CODES_PER_PHONE_PER_HOUR: '100000',
      ...(process.env['FUZZ_LOG'] ? { LOG_LEVEL: 'error' } : {}),
    },
  });
  const roles: Record<Exclude<Caller, 'anonymous' | 'integrator'>, string[]> = {
    customer: ['CUSTOMER'],
    seller: ['CUSTOMER', 'SELLER'],
    agent: ['AGENT'],
    senior: ['SENIOR_AGENT'],
    admin: ['ADMIN'],
  };
  auth.set('anonymous', {});
  for (const [caller, granted] of Object.entries(roles)) {
    const session = await loginAs(api, granted);
    auth.set(caller as Caller, { authorization: `Bearer ${session.accessToken}` });
  }
  // Records for the generators to aim at: a category and problem, an appeal, a support chat, money, a webhook.
  const category = await gql(
    'admin',
    'mutation { createSupportCategory(input: { audience: ALL, titleRu: "Доставка", titleEn: "Delivery" }) { id } }',
  );
  const categoryId = (category.body.data as { createSupportCategory: { id: string } }).createSupportCategory.id;
  await gql(
    'admin',
    `mutation($c: ID!) { createSupportProblem(input: { categoryId: $c, audience: ALL, titleRu: "Опоздал заказ", titleEn: "Late", requiresOrderNumber: true }) { id } }`,
    { c: categoryId },
  );
  const key = await gql(
    'admin',
    'mutation { createApiKey(input: { name: "CRM", scopes: ["tickets:read", "webhooks:manage"] }) { secret } }',
  );
  auth.set('integrator', {
    'x-api-key': (key.body.data as { createApiKey: { secret: string } }).createApiKey.secret,
  });
  await gql('customer', 'mutation { startSupportChat(text: "Где мой заказ?") { id } }');
  const [customer] = await api.db.orm.em
    .fork()
    .execute<Array<{ id: string }>>(`select id from app_user order by created_at limit 1`);
  await gql(
    'admin',
    `mutation($u: ID!) { creditWallet(input: { userId: $u, amount: "50000", reason: "refund", idempotencyKey: "${randomUUID()}" }) { balance } }`,
    { u: customer!.id },
  );
  const tables = await api.db.orm.em
    .fork()
    .execute<Array<{ table_name: string }>>(
      `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    );
  // Session ids stay out: revoking the callers' own sessions would only blind the rest of the run.
  for (const { table_name } of tables.filter((table) => !/^(auth_session|refresh_token)$/.test(table.table_name))) {
    const ids = await api.db.orm.em
      .fork()
      .execute<Array<{ id: string }>>(
        `select id::text as id from "${table_name}" where exists (select 1 from information_schema.columns where table_name = ? and column_name = 'id') limit 3`,
        [table_name],
      )
      .catch(() => []);
    knownIds.push(...ids.map((row) => row.id));
  }
  knownIds = [...new Set(knownIds)];
  // Background loops (delivery, payouts, webhooks, SLA jobs) write on their own schedule; they are stopped so that
  // any write seen after a refused request is the request's. The event relay keeps running (its positions are
  // written to ticket_outbox, which the mark leaves out), and so do rate limits (they count refusals by design);
  // an API key records when it was last used, on every request, so its table is left out too.
  await Promise.all([
    api.services.payouts.stop(),
    api.services.ticketJobs.stop(),
    api.services.webhooks.stop(),
    api.services.notify.stop(),
  ]);
  const written = tables
    .map((table) => table.table_name)
    .filter((name) => !/^(mikro_orm_migrations|ticket_outbox|rate_limit.*|api_key)$/.test(name));
  // Every row written to these tables bumps one counter (a row trigger, in this test's own database), so the mark
  // is one row read instead of a scan of every table (that scan was the largest share of the run's time). A write
  // that is rolled back takes its bump with it, as it did with the row counts and versions this replaces.
  const em = api.db.orm.em.fork();
  await em.execute('create table fuzz_mark (n bigint not null); insert into fuzz_mark values (0)');
  await em.execute(
    `create function fuzz_bump() returns trigger language plpgsql as $$ begin update fuzz_mark set n = n + 1; return null; end $$`,
  );
  for (const name of written)
    await em.execute(
      `create trigger fuzz_bump after insert or update or delete on "${name}" for each row execute function fuzz_bump()`,
    );
  fingerprintSql = 'select n::text as mark from fuzz_mark';
  // The mark must move when something is written, or "nothing written" would prove nothing.
  const unwritten = await fingerprint();
  await gql('customer', 'mutation { startSupportChat(text: "Ещё вопрос") { id } }');
  expect(await fingerprint()).not.toBe(unwritten);
  for (const caller of CALLERS) {
    const headers = auth.get(caller)!;
    sockets.set(
      caller,
      // One socket per caller kept open between operations (the harness's client reconnects for each one), and
      // opened again only after the 1 MB limit closes it.
      createClient({
        url: api.wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: { ...headers },
        retryAttempts: 0,
        lazy: true,
        lazyCloseTimeout: 600_000,
      }),
    );
  }
}

afterAll(async () => {
  if (PROFILE)
    console.log(
      [...spent]
        .map(
          ([what, { ms, count }]) => `${what}: ${Math.round(ms)} ms in ${count} (${(ms / count).toFixed(1)} ms each)`,
        )
        .join('\n'),
    );
  for (const socket of sockets.values()) await socket.dispose();
  await api?.close();
});

// ---- generators, by the SDL's types ----

const NUL = 'a\u0000b';
const LONE = 'ab\ud800cd';
const HUGE = 'я'.repeat(600_000); // over 1 MB as UTF-8
const hostileText = fc.constantFrom(
  NUL,
  LONE,
  '\udc00',
  '',
  '   ',
  'x'.repeat(10_001),
  "' or 1=1; drop table ticket; --",
  '%_\\',
  '😀'.repeat(300),
  '\u202e\u200b',
  '-1',
  '9'.repeat(40),
);
const hostileId = fc.constantFrom(
  'x',
  '',
  '00000000-0000-0000-0000-000000000000',
  NUL,
  '1',
  '-1',
  'a'.repeat(5000),
  "'",
);

/** Plausible values by field name, so that many requests pass the shape checks and reach the rules. */
function plausibleText(name: string): fc.Arbitrary<string> {
  const lower = name.toLowerCase();
  if (lower.includes('phone')) return fc.constantFrom('+79001234567', '8 900 123-45-67', '+7 900', '1234');
  if (lower.includes('email')) return fc.constantFrom('client@example.ru', 'not-an-email');
  if (lower.includes('idempotency') || lower.includes('clientmessageid')) return fc.uuid();
  if (lower.includes('ordernumber')) return fc.constantFrom('12345678', '555', '1234-5678-9');
  if (lower === 'bik') return fc.constantFrom('044525225', '12345');
  if (lower.includes('accountnumber')) return fc.constantFrom('40817810099910004312', '1'.repeat(20));
  if (lower.includes('url')) return fc.constantFrom('https://example.com/hook', 'http://127.0.0.1/x', 'ftp://x', 'x');
  if (lower === 'code') return fc.constantFrom('123456', '12');
  if (lower.includes('after') || lower.includes('before') || lower.includes('cursor'))
    return fc.constantFrom('x', '42', '-1', '9'.repeat(30), 'eyJpZCI6MX0', ...knownIds.slice(0, 3));
  if (lower.includes('scope')) return fc.constantFrom('tickets:read', 'webhooks:manage', 'root');
  if (lower.startsWith('opens') || lower.startsWith('closes') || lower.includes('time'))
    return fc.constantFrom('09:00', '18:00', '24:00', '9', '23:59');
  return fc.constantFrom('Заказ не пришёл, помогите', 'ok', 'Оператор', 'Доставка', 'T-2026-0000001');
}

/** A value nested `depth` levels deep: lists in lists, or objects in objects (deep nesting, for any argument). */
const nested = (depth: number, wrap: (inner: unknown) => unknown): unknown => {
  let value: unknown = 'x';
  for (let level = 0; level < depth; level += 1) value = wrap(value);
  // fast-check would print a counterexample recursively; this one is named instead.
  Object.defineProperty(value, fc.toStringMethod, { value: () => `<nested ${depth} deep>`, enumerable: false });
  return value;
};
const DEEP_LIST = nested(500, (inner) => [inner]);
const DEEP_OBJECT = nested(500, (inner) => ({ a: inner }));

function valueFor(type: GraphQLInputType, name: string, depth = 0): fc.Arbitrary<unknown> {
  const hostileType = fc.constantFrom<unknown>(true, 1.5, -1, { a: 1 }, [], '0', 2 ** 53, DEEP_LIST, DEEP_OBJECT);
  if (isNonNullType(type)) {
    return fc.oneof(
      { weight: 20, arbitrary: valueFor(type.ofType, name, depth) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
  }
  const inner = getNullableType(type) as GraphQLInputType;
  const nullable = fc.constant(null);
  if (isListType(inner)) {
    const item = valueFor(inner.ofType as GraphQLInputType, name, depth + 1);
    return fc.oneof(
      { weight: 8, arbitrary: fc.array(item, { maxLength: 3 }) },
      { weight: 1, arbitrary: fc.array(item, { minLength: 51, maxLength: 60 }) },
      { weight: 1, arbitrary: fc.constant(Array.from({ length: 2000 }, (_, i) => `${i}`)) },
      { weight: 1, arbitrary: nullable },
    );
  }
  if (isInputObjectType(inner)) {
    const fields = Object.values(inner.getFields());
    if (depth > 4) return nullable;
    const record = fc.record(
      Object.fromEntries(fields.map((field) => [field.name, valueFor(field.type, field.name, depth + 1)])),
      { requiredKeys: fields.filter((field) => isNonNullType(field.type)).map((field) => field.name) },
    );
    return fc.oneof(
      { weight: 12, arbitrary: record },
      { weight: 1, arbitrary: record.map((value) => ({ ...value, unknownField: 1 })) },
      { weight: 1, arbitrary: hostileType },
      { weight: 1, arbitrary: nullable },
    );
  }
  if (isEnumType(inner)) {
    return fc.oneof(
      { weight: 10, arbitrary: fc.constantFrom(...inner.getValues().map((value) => value.name)) },
      { weight: 1, arbitrary: fc.constantFrom('NOT_A_VALUE', '', 1) },
    );
  }
  if (!isScalarType(inner)) return nullable;
  switch (inner.name) {
    case 'String':
      return fc.oneof(
        { weight: 6, arbitrary: plausibleText(name) },
        { weight: 4, arbitrary: hostileText },
        { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
        { weight: 1, arbitrary: hostileType },
        { weight: 1, arbitrary: fc.constant(HUGE) },
      );
    case 'ID':
      return fc.oneof(
        { weight: 6, arbitrary: knownIds.length ? fc.constantFrom(...knownIds) : fc.uuid() },
        { weight: 2, arbitrary: fc.uuid() },
        { weight: 3, arbitrary: hostileId },
        { weight: 1, arbitrary: hostileText },
        { weight: 1, arbitrary: fc.integer() },
      );
    case 'Int':
      return fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: -5, max: 120 }) },
        {
          weight: 3,
          arbitrary: fc.constantFrom(0, -1, 2 ** 31 - 1, -(2 ** 31), 1_000_000, 101, 51, 366, 367, 1441),
        },
        { weight: 1, arbitrary: fc.constantFrom<unknown>(2 ** 31, 1.5, '5', 2 ** 53 + 1) },
      );
    case 'Float':
      return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom<unknown>('1', true));
    case 'Boolean':
      return fc.oneof(
        { weight: 8, arbitrary: fc.boolean() },
        { weight: 1, arbitrary: fc.constantFrom<unknown>('true', 1) },
      );
    case 'BigInt':
      return fc.constantFrom<unknown>(
        '10000',
        '100',
        '1',
        '0',
        '-100',
        10000,
        '1000000000000',
        '1000000000001',
        '9223372036854775807',
        '9999999999999999999',
        '-9223372036854775808',
        '1e3',
        '12.5',
        12.5,
        2 ** 60,
        '',
      );
    case 'LocalDate':
      return fc.constantFrom<unknown>(
        '2026-01-01',
        '2026-12-31',
        '0000-01-01',
        '9999-12-31',
        '2026-02-30',
        '2026-13-01',
        '1900-01-01',
        '2999-12-31',
        '+02026-01-01',
        'x',
        20260101,
      );
    case 'DateTimeISO':
      return fc.constantFrom<unknown>(
        '2026-01-01T00:00:00Z',
        '0000-01-01T00:00:00Z',
        '+275760-09-13T00:00:00Z',
        '2026-02-30T00:00:00Z',
        '2026-01-01',
        'x',
        0,
      );
    case 'Cursor': {
      // Opaque keyset cursors (base64url of ["list", ...keys]): well-formed ones of this and other lists, forged keys,
      // and malformed text; every one must be answered (a page or BAD_USER_INPUT), never a 500.
      const cursor = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString('base64url');
      const id = knownIds[0] ?? '01939d4e-0000-7000-8000-000000000000';
      return fc.constantFrom<unknown>(
        cursor(['tickets:NEWEST', id]),
        cursor(['tickets:DUE_SOONEST', '2026-01-01T00:00:00.000Z', id]),
        cursor(['messages', id]),
        cursor(['chats', '2026-01-01T00:00:00.000Z', id]),
        cursor(['users', 'not-a-uuid']),
        cursor(['chats', '2026-02-30T00:00:00.000Z', id]),
        cursor(['withdrawals', id, id, id, id, id, id]),
        cursor(['x']),
        cursor({ list: 'users', keys: [id] }),
        cursor([1, 2]),
        `${cursor(['users', id])}=`,
        'x',
        '',
        'not base64!',
        'eyJpZCI6MX0',
        'A'.repeat(513),
        id,
        42,
        true,
      );
    }
    default:
      return fc.oneof(fc.constant({}), hostileType);
  }
}

// ---- operations ----

/** A value written inline in GraphQL syntax (strings as JSON strings, which GraphQL reads the same way). */
function literal(value: unknown, type: GraphQLInputType): string {
  if (value === null || value === undefined) return 'null';
  const named = getNamedType(type);
  if (Array.isArray(value)) {
    const item = isListType(getNullableType(type))
      ? (getNullableType(type) as { ofType: GraphQLInputType }).ofType
      : type;
    return `[${value.map((entry) => literal(entry, item)).join(', ')}]`;
  }
  if (typeof value === 'object') {
    const fields = isInputObjectType(named) ? named.getFields() : {};
    return `{ ${Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .map(([key, entry]) => `${key}: ${literal(entry, fields[key]?.type ?? type)}`)
      .join(', ')} }`;
  }
  if (isEnumType(named) && typeof value === 'string' && /^[_A-Za-z]\w*$/.test(value)) return value;
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

interface Operation {
  query: string;
  variables: Record<string, unknown>;
}

function operationFor(kind: 'query' | 'mutation' | 'subscription', field: GraphQLField<unknown, unknown>) {
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return (values: Record<string, unknown>, inline: boolean): Operation => {
    const args: GraphQLArgument[] = field.args.filter((arg) => values[arg.name] !== undefined);
    const variables: Record<string, unknown> = {};
    const definitions: string[] = [];
    const written = args.map((arg) => {
      if (inline) return `${arg.name}: ${literal(values[arg.name], arg.type)}`;
      variables[arg.name] = values[arg.name];
      definitions.push(`$${arg.name}: ${String(arg.type)}`);
      return `${arg.name}: $${arg.name}`;
    });
    const head = definitions.length ? `${kind} Fuzz(${definitions.join(', ')})` : `${kind} Fuzz`;
    const call = written.length ? `${field.name}(${written.join(', ')})` : field.name;
    return { query: `${head} { ${call}${selection} }`, variables };
  };
}

const LEAK =
  /\bat .+:\d+:\d+|node_modules|\.ts:\d+|\bselect\b[\s\S]*\bfrom\b|\binsert into\b|\bupdate\b[\s\S]*\bset\b|relation "|violates|syntax error at|duplicate key|invalid input syntax|out of range for type|MikroORM|TypeError|ReferenceError|undefined is not|cannot read propert/i;

function checkProblems(problems: Problem[] | undefined, where: string): void {
  for (const problem of problems ?? []) {
    const code = problem.extensions?.['code'];
    expect(code, `${where}: ${JSON.stringify(problem)}`).not.toBe('INTERNAL_SERVER_ERROR');
    expect(typeof code, `${where}: an error without a code: ${JSON.stringify(problem)}`).toBe('string');
    expect(problem.message, `${where}: the message leaks internals`).not.toMatch(LEAK);
  }
}

async function overHttp(caller: Caller, operation: Operation, where: string): Promise<boolean> {
  const response = await fetch(api.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth.get(caller) },
    body: JSON.stringify(operation),
  });
  const text = await response.text();
  expect(response.status, `${where}: HTTP ${response.status} ${text.slice(0, 500)}`).toBeLessThan(500);
  const body = JSON.parse(text) as { errors?: Problem[] };
  checkProblems(body.errors, where);
  return Boolean(body.errors?.length);
}

/** Over graphql-ws: the first result, or the refusal; a subscription that starts is ended after a round trip. */
function overSocket(caller: Caller, operation: Operation, subscription: boolean, where: string): Promise<boolean> {
  const client = sockets.get(caller)!;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (failed: boolean) => {
      if (settled) return;
      settled = true;
      resolve(failed);
    };
    const dispose = client.subscribe(operation, {
      next: (result) => {
        try {
          checkProblems(result.errors as Problem[] | undefined, where);
        } catch (error) {
          reject(error);
          return;
        }
        if (settled) lateErrors.push(...(result.errors ?? []));
        finish(Boolean(result.errors?.length));
      },
      error: (error) => {
        const problems = Array.isArray(error) ? (error as Problem[]) : null;
        if (!problems) {
          // The socket itself closed: only the 1 MB limit (1009) may do that here.
          const code = (error as { code?: number }).code;
          if (code === 1009) return finish(true);
          return reject(new Error(`${where}: the socket failed: ${JSON.stringify(error)} (${String(code)})`));
        }
        if (settled) lateErrors.push(...problems);
        try {
          checkProblems(problems, where);
        } catch (failure) {
          reject(failure);
          return;
        }
        finish(true);
      },
      complete: () => finish(false),
    });
    if (subscription) {
      // A subscription that was accepted sends nothing until an event: a query on the same socket, answered after
      // the subscribe message was handled, says it started; errors arriving later are still checked (lateErrors).
      client.subscribe(
        { query: '{ serverInfo { version } }' },
        {
          next: () => undefined,
          error: () => undefined,
          complete: () => {
            if (!settled) {
              dispose();
              finish(false);
            }
          },
        },
      );
    }
  });
}

const roots = (['query', 'mutation', 'subscription'] as const).flatMap((kind) => {
  const type =
    kind === 'query'
      ? schema.getQueryType()
      : kind === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  return Object.values(type?.getFields() ?? {})
    .filter((field) => field.args.length > 0 && !SKIP.has(`${type!.name}.${field.name}`))
    .map((field) => ({ kind, field }));
});

describe('hostile input to every argument of the schema', () => {
  it('covers every root field that takes arguments', () => {
    expect(roots.length).toBeGreaterThan(60);
  });

  for (const { kind, field } of roots) {
    it(`${kind} ${field.name}: never a 500, a leak, or a write on refusal`, async () => {
      const build = operationFor(kind, field);
      const values = fc.record(Object.fromEntries(field.args.map((arg) => [arg.name, valueFor(arg.type, arg.name)])), {
        requiredKeys: field.args.filter((arg) => isNonNullType(arg.type)).map((arg) => arg.name),
      });
      await fc.assert(
        fc.asyncProperty(
          values,
          fc.constantFrom(...CALLERS),
          fc.boolean(),
          fc.constantFrom<'http' | 'ws'>('http', 'ws'),
          async (args, caller, inline, transport) => {
            const operation = build(args as Record<string, unknown>, inline);
            const where = `${transport} ${caller} ${operation.query.slice(0, 300)} ${JSON.stringify(operation.variables).slice(0, 300)}`;
            // Queries and subscriptions write nothing a client asked for; the mark is taken around mutations.
            const before = kind === 'mutation' ? await timed('mark', fingerprint) : null;
            const failed =
              transport === 'http' && kind !== 'subscription'
                ? await timed('http', () => overHttp(caller, operation, where))
                : await timed('ws', () => overSocket(caller, operation, kind === 'subscription', where));
            if (failed && before !== null) {
              expect(await timed('mark', fingerprint), `${where}: refused, yet something was written`).toBe(before);
            }
          },
        ),
        { numRuns: RUNS * CALLERS.length, seed: SEED, endOnFailure: true },
      );
    }, 120_000);
  }

  it('sent no late errors that broke the rules', () => {
    checkProblems(lateErrors as Problem[], 'late');
  });
});
