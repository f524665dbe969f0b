import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  buildSchema,
  getNamedType,
  getNullableType,
  isListType,
  isNonNullType,
  isObjectType,
  parse,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChatsDocument,
  MessagesDocument,
  StartChatDocument,
  type ChatMessageFieldsFragment,
  type MessagesQuery,
} from '@support/schema';
import { newId } from '../src/lib/ids.js';
import { ChatMessage } from '../src/modules/chat/chat.entity.js';
import { execute, startTestServer, type TestServer } from './harness.js';
import { loginAs } from './identity-helpers.js';

/**
 * Every list of the API is one connection shape (README, "How to add a list"). This walk of the committed SDL (which
 * `pnpm schema:check` keeps equal to the code) fails when a list is added any other way.
 */

/**
 * Plain lists allowed, each bounded by its nature (docs/decisions.md, "Lists"): configuration and catalogues of a
 * few records, the parts of one record, a dashboard's fixed breakdowns, a search's best hits. Lists of scalars and
 * enums are values of one record, not lists of records, and need no entry.
 */
const BOUNDED_LISTS = new Set([
  'Query.apiKeys', // integrations of one platform: a handful
  'Query.webhooks', // likewise
  'Query.supportCategories', // the catalogue: tens of categories
  'Query.supportChannels', // the hotline's channels: a few
  'Query.mySessions', // one account's devices
  'Query.helpArticles', // the help centre: tens of curated articles
  'Query.businessCalendar', // a date range of at most 2 years (maxDays)
  'Query.searchHelp', // the best hits of a search, `first` of them (at most 20)
  'SupportCategory.problems', // a category's problems: a few
  'Hotline.exceptions', // upcoming exception days of the hotline
  'Hotline.weeklyHours', // seven days at most
  'ChatMessage.suggestions', // the bot's few suggestions in one message
  'Ticket.messages', // one appeal's conversation
  'Ticket.attachments', // one appeal's files (at most 10)
  'Ticket.history', // one appeal's timeline
  'SupportStats.categories', // the dashboard: one row per category
  'SupportStats.days', // one row per day of a range of at most 92 days
  'SupportStats.openByStatus', // one row per status
  'WalletChange.activeWithdrawals', // one wallet's withdrawals in flight
]);

const sdl = readFileSync(fileURLToPath(new URL('../../schema/schema.graphql', import.meta.url)), 'utf8');

/** Why a field breaks the rule, or null when it keeps it. */
function connectionProblems(schema: GraphQLSchema, owner: GraphQLObjectType, field: GraphQLField<unknown, unknown>) {
  const problems: string[] = [];
  const at = `${owner.name}.${field.name}`;
  const returned = getNullableType(field.type);
  if (!isNonNullType(field.type)) problems.push(`${at}: a connection is non-null`);
  if (!isObjectType(returned)) return [`${at}: returns ${String(field.type)}, not a connection`];
  const fields = returned.getFields();
  const nodes = fields['nodes'];
  const nodesShape = nodes ? String(nodes.type) : '';
  if (!/^\[\w+!\]!$/.test(nodesShape)) problems.push(`${at}: nodes is ${nodesShape || 'missing'}, not [X!]!`);
  if (String(fields['pageInfo']?.type) !== 'PageInfo!') problems.push(`${at}: pageInfo is not PageInfo!`);
  if (fields['totalCount'] && String(fields['totalCount'].type) !== 'Int!')
    problems.push(`${at}: totalCount is not Int!`);
  const extra = Object.keys(fields).filter((name) => !['nodes', 'pageInfo', 'totalCount'].includes(name));
  if (extra.length) problems.push(`${at}: the connection has other fields: ${extra.join(', ')}`);
  if (returned.name !== `${getNamedType(nodes?.type ?? returned).name}Connection`)
    problems.push(`${at}: ${returned.name} is not named after its nodes (XConnection)`);
  const args = Object.fromEntries(field.args.map((arg) => [arg.name, String(arg.type)]));
  if (args['first'] !== 'Int' || args['after'] !== 'Cursor') problems.push(`${at}: needs first: Int and after: Cursor`);
  if (('last' in args || 'before' in args) && (args['last'] !== 'Int' || args['before'] !== 'Cursor'))
    problems.push(`${at}: reads backwards with last: Int and before: Cursor together`);
  void schema;
  return problems;
}

function walk(schema: GraphQLSchema): string[] {
  const problems: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    if (type === schema.getMutationType() || type === schema.getSubscriptionType()) continue;
    if (type.name.endsWith('Connection') || type.name === 'PageInfo') continue;
    for (const field of Object.values(type.getFields())) {
      const at = `${type.name}.${field.name}`;
      const returned = getNullableType(field.type);
      const named = getNamedType(field.type);
      const pages = field.args.some((arg) => ['first', 'after', 'last', 'before'].includes(arg.name));
      if (isListType(returned)) {
        const ofRecords = isObjectType(named);
        if (ofRecords && !BOUNDED_LISTS.has(at)) problems.push(`${at}: a list of records must be a connection`);
        if (ofRecords && BOUNDED_LISTS.has(at) && field.args.some((arg) => ['after', 'before'].includes(arg.name)))
          problems.push(`${at}: a bounded list takes no cursor`);
      } else if (named.name.endsWith('Connection') || (isObjectType(named) && 'nodes' in named.getFields())) {
        problems.push(...connectionProblems(schema, type, field));
      } else if (pages && at !== 'Query.searchHelp') {
        problems.push(`${at}: takes paging arguments but returns no connection`);
      }
    }
  }
  const pageInfo = schema.getType('PageInfo');
  const pageInfoShape = isObjectType(pageInfo)
    ? Object.values(pageInfo.getFields())
        .map((field) => `${field.name}: ${String(field.type)}`)
        .sort()
    : [];
  if (
    pageInfoShape.join() !==
    ['endCursor: Cursor', 'hasNextPage: Boolean!', 'hasPreviousPage: Boolean!', 'startCursor: Cursor'].join()
  ) {
    problems.push(`PageInfo is ${pageInfoShape.join(', ')}`);
  }
  const otherPageInfos = Object.keys(schema.getTypeMap()).filter(
    (name) => /PageInfo$|Page$/.test(name) && name !== 'PageInfo',
  );
  if (otherPageInfos.length) problems.push(`other page types: ${otherPageInfos.join(', ')}`);
  return problems;
}

describe('every list is one connection shape', () => {
  it('holds for the committed schema: connections of one shape, or bounded lists named here', () => {
    expect(walk(buildSchema(sdl))).toEqual([]);
  });

  it('catches a list added another way: a plain list, a flat page, a String cursor, a page without PageInfo', () => {
    const broken = buildSchema(
      sdl.replace(
        'type Query {',
        `type Query {
  newPlainList: [Ticket!]!
  flatPage(first: Int, after: Cursor): FlatPage!
  stringCursor(first: Int, after: String): TicketConnection!
  backwardsHalf(first: Int, after: Cursor, last: Int): TicketConnection!
  `,
      ) +
        `
type FlatPage { nodes: [Ticket!]!, endCursor: Cursor, hasNextPage: Boolean! }
type TicketPage { nodes: [Ticket!]! }
`,
    );
    const problems = walk(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        'Query.newPlainList: a list of records must be a connection',
        'Query.flatPage: pageInfo is not PageInfo!',
        'Query.flatPage: the connection has other fields: endCursor, hasNextPage',
        'Query.stringCursor: needs first: Int and after: Cursor',
        'Query.backwardsHalf: reads backwards with last: Int and before: Cursor together',
        'other page types: FlatPage, TicketPage',
      ]),
    );
  });
});

describe('keyset paging over HTTP', () => {
  let api: TestServer;
  let buyer: Awaited<ReturnType<typeof loginAs>>;
  let seller: Awaited<ReturnType<typeof loginAs>>;
  let otherChatId: string;
  let chatId: string;
  /** The chat's messages as they were before any concurrent insert, oldest first. */
  let original: string[];

  const as = () => ({ token: buyer.accessToken });
  const insertMessages = async (count: number, label: string) => {
    const em = api.db.orm.em.fork();
    for (let i = 0; i < count; i += 1) {
      em.create(ChatMessage, {
        id: newId(),
        chatId,
        authorId: buyer.user.id,
        authorKind: 'USER',
        text: `${label} ${i}`,
        clientMessageId: null,
        meta: null,
        createdAt: new Date(),
      });
    }
    await em.flush();
  };
  const page = async (variables: Record<string, unknown>): Promise<MessagesQuery['messages']> => {
    const result = await execute(api.graphqlUrl, MessagesDocument, { chatId, ...variables }, as());
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    return result.data.messages;
  };

  beforeAll(async () => {
    api = await startTestServer();
    seller = await loginAs(api, ['CUSTOMER', 'SELLER']);
    buyer = await loginAs(api, ['CUSTOMER']);
    const otherBuyer = await loginAs(api, ['CUSTOMER']);
    const started = await execute(
      api.graphqlUrl,
      StartChatDocument,
      { input: { sellerId: seller.user.id, productId: 'SKU-1', text: 'Здравствуйте' } },
      as(),
    );
    chatId = started.data!.startChat.id;
    const other = await execute(
      api.graphqlUrl,
      StartChatDocument,
      { input: { sellerId: seller.user.id, productId: 'SKU-2', text: 'Добрый день' } },
      { token: otherBuyer.accessToken },
    );
    otherChatId = other.data!.startChat.id;
    await insertMessages(36, 'before');
    original = (await page({ first: 100 })).nodes.map((message) => message.id);
    expect(original).toHaveLength(37);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('pages forwards to the end without repeats or gaps while messages arrive between and during requests', async () => {
    const seen: ChatMessageFieldsFragment[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      // Each page is read while two more messages are written.
      const [result]: [MessagesQuery['messages'], void] = await Promise.all([
        page({ first: 5, after }),
        insertMessages(2, `during ${pages}`),
      ]);
      pages += 1;
      seen.push(...result.nodes);
      expect(result.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor!;
      if (pages > 40) throw new Error('paging never reached the end');
    }
    const ids = seen.map((message) => message.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Every message that was there is seen once and in order; those written meanwhile come after them, in order.
    expect(ids.slice(0, original.length)).toEqual(original);
    expect(ids).toEqual([...ids].sort());
    expect((await page({ first: 1 })).totalCount).toBeGreaterThanOrEqual(ids.length);
  });

  it('reads history backwards from the newest: the same messages, none twice, each page oldest first', async () => {
    const all = (await page({ first: 100 })).nodes.map((message) => message.id);
    const pages: string[][] = [];
    let before: string | null = null;
    for (;;) {
      const [result]: [MessagesQuery['messages'], void] = await Promise.all([
        page({ last: 7, before }),
        insertMessages(1, 'later'),
      ]);
      pages.push(result.nodes.map((message) => message.id));
      expect(result.pageInfo.hasNextPage).toBe(before !== null);
      if (!result.pageInfo.hasPreviousPage) break;
      before = result.pageInfo.startCursor!;
      if (pages.length > 40) throw new Error('paging never reached the start');
    }
    for (const ids of pages) expect(ids).toEqual([...ids].sort());
    // Messages written while paging are newer than the first page's start: at most the first page shows some.
    const read = pages.toReversed().flat();
    expect(new Set(read).size).toBe(read.length);
    expect(read).toEqual([...read].sort());
    expect(read.slice(0, all.length)).toEqual(all);
    // Without first or last: the newest 20, oldest first.
    const newest = await page({});
    expect(newest.nodes).toHaveLength(20);
    expect(newest.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
  });

  it('pages a list keyed on a time and an id (chats by their last message), counting the whole list', async () => {
    const chats = async (after: string | null) => {
      const result = await execute(
        api.graphqlUrl,
        ChatsDocument,
        { tab: 'BUYERS', first: 1, after },
        { token: seller.accessToken },
      );
      if (!result.data) throw new Error(JSON.stringify(result.errors));
      return result.data.chats;
    };
    const first = await chats(null);
    expect(first).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true, hasPreviousPage: false } });
    const second = await chats(first.pageInfo.endCursor!);
    expect(second).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: false, hasPreviousPage: true } });
    // The chat with the latest message first (the other buyer wrote last, and this chat's history was written
    // directly, which moves no chat).
    expect([...first.nodes, ...second.nodes].map((chat) => chat.id)).toEqual([otherChatId, chatId]);
  });

  it('refuses a malformed or foreign cursor with BAD_USER_INPUT naming the argument, inline or in a variable', async () => {
    const encode = (parts: string[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
    const chatsCursor = encode(['chats', new Date().toISOString(), original[0]!]);
    const ticketsCursor = encode(['tickets:NEWEST', original[0]!]);
    const forged = encode(['messages', 'not-a-uuid']);
    const padded = `${Buffer.from(JSON.stringify(['messages', original[0]])).toString('base64')}=`;
    for (const cursor of ['x', 'not base64!', Buffer.from('plain text').toString('base64url'), padded]) {
      for (const argument of ['after', 'before'] as const) {
        const inline = await execute(
          api.graphqlUrl,
          parse(`{ messages(chatId: "${chatId}", ${argument}: ${JSON.stringify(cursor)}) { nodes { id } } }`),
          {},
          as(),
        );
        const variable = await execute(
          api.graphqlUrl,
          parse(`query($c: Cursor) { messages(chatId: "${chatId}", ${argument}: $c) { nodes { id } } }`) as never,
          { c: cursor },
          as(),
        );
        for (const result of [inline, variable]) {
          expect(result.errors?.[0]?.extensions).toMatchObject({
            code: 'BAD_USER_INPUT',
            fieldErrors: [{ field: argument, rule: 'format', format: 'cursor' }],
            fields: { [argument]: expect.any(String) },
          });
        }
      }
    }
    // Well-formed, but given out by another list, or with a key that is not this list's.
    for (const cursor of [chatsCursor, ticketsCursor, forged]) {
      const result = await execute(api.graphqlUrl, MessagesDocument, { chatId, before: cursor }, as());
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fieldErrors: [{ field: 'before', rule: 'format', format: 'cursor' }],
      });
    }
  });

  it('refuses a page size outside 1 to 100, and paging both ways at once, with machine-form rules', async () => {
    const size = async (variables: Record<string, unknown>) =>
      (await execute(api.graphqlUrl, MessagesDocument, { chatId, ...variables } as never, as())).errors?.[0]
        ?.extensions;
    expect(await size({ last: 0 })).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'last', rule: 'min', min: 1 }],
    });
    expect(await size({ last: 101 })).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'last', rule: 'max', max: 100 }],
    });
    const both = await execute(
      api.graphqlUrl,
      parse(`{ messages(chatId: "${chatId}", first: 2, last: 2) { nodes { id } } }`),
      {},
      as(),
    );
    expect(both.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'last', rule: 'notWith', other: 'first' }],
    });
    const tooMany = await execute(api.graphqlUrl, parse(`{ myTickets(first: 500) { nodes { id } } }`), {}, as());
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'first', rule: 'max', max: 100 }],
    });
  });
});
