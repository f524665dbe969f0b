import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  parse,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type ExecutionResult,
} from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddTicketMessageDocument,
  AssignTicketDocument,
  ChangeTicketStatusDocument,
  CreateApiKeyDocument,
  CreateTicketDocument,
  EscalateTicketDocument,
  RateTicketDocument,
  ReopenTicketDocument,
  ReplyToTicketDocument,
  SupportCategoriesDocument,
  TicketDocument,
  TicketEventsDocument,
} from '@support/schema';
import { seedCatalog } from '../src/modules/catalog/catalog.seed.js';
import { HISTORY_DATA_READERS } from '../src/modules/tickets/ticket.history.js';
import { TICKET_EVENT_TYPES, type TicketEventType } from '../src/modules/tickets/ticket.entity.js';
import { collect, execute, startTestServer, wsClient, type TestServer } from './harness.js';
import { loginAs } from './identity-helpers.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

/** The committed contract: every field reachable with a key is found from it, not from a hand-made list. */
const schema = buildSchema(readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8'));

/**
 * What the README's scope table documents for `tickets:read`: the event fields and the snapshot fields. Anything
 * else answering with the key is a leak.
 */
const INTEGRATOR_FIELDS = new Set([
  'id',
  'position',
  'type',
  'occurredAt',
  'public',
  'changes',
  'actor.id',
  ...[
    'id',
    'number',
    'status',
    'categoryId',
    'problemId',
    'assigneeId',
    'slaClass',
    'urgent',
    'slaBreached',
    'escalated',
    'firstResponseDueAt',
    'resolutionDueAt',
  ].map((field) => `ticket.${field}`),
]);

/** Texts only their authors (and staff) may read: none may reach an integrator, the staff ones no customer. */
const secret = {
  description: `Описание-${randomUUID()}`,
  customerMessage: `Сообщение-${randomUUID()}`,
  note: `Заметка-${randomUUID()}`,
  staffReason: `Причина-сотрудника-${randomUUID()}`,
  agentReply: `Ответ-${randomUUID()}`,
  ratingComment: `Отзыв-${randomUUID()}`,
  reopenReason: `Причина-клиента-${randomUUID()}`,
};

let api: TestServer;
let admin: Session;
let agent: Session;
let customer: Session;
let keySecret: string;
let problemId: string;
const clients: Array<{ dispose(): Promise<void> | void }> = [];

beforeAll(async () => {
  api = await startTestServer();
  await seedCatalog(api.db.orm, api.config);
  [admin, agent, customer] = await Promise.all([
    loginAs(api, ['ADMIN']),
    loginAs(api, ['AGENT']),
    loginAs(api, ['CUSTOMER']),
  ]);
  const key = await execute(
    api.graphqlUrl,
    CreateApiKeyDocument,
    { input: { name: `CRM ${randomUUID()}`, scopes: ['tickets:read'] } },
    { token: admin.accessToken },
  );
  keySecret = key.data!.createApiKey.secret;
  const tree = (await execute(api.graphqlUrl, SupportCategoriesDocument, {})).data!.supportCategories;
  problemId = tree.flatMap((c) => c.problems).find((p) => p.titleEn === 'My order is late')!.id;
});
afterAll(async () => {
  for (const client of clients) await client.dispose();
  await api?.close();
});

// ---- operations generated from the schema ----

/** A value for a required argument of `type`: enough to get past parsing, so the resolver's own checks answer. */
function sampleValue(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType);
  if (isListType(type)) return [sampleValue(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((field) => isNonNullType(field.type) && field.defaultValue === undefined)
        .map((field) => [field.name, sampleValue(field.type)]),
    );
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'ID':
        return randomUUID();
      case 'Int':
      case 'Float':
        return 1;
      case 'Boolean':
        return false;
      case 'DateTime':
      case 'Date':
        return new Date().toISOString();
      case 'JSON':
      case 'JSONObject':
        return {};
      default:
        return '1';
    }
  }
  return null;
}

/** `field(requiredArgs) { __typename }` as a document with variables. */
function operationFor(kind: 'query' | 'mutation' | 'subscription', field: GraphQLField<unknown, unknown>) {
  const required = field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
  const variables = Object.fromEntries(required.map((arg) => [arg.name, sampleValue(arg.type)]));
  const header = required.length ? `(${required.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ')})` : '';
  const args = required.length ? `(${required.map((arg) => `${arg.name}: $${arg.name}`).join(', ')})` : '';
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return { query: `${kind} Probe${header} { ${field.name}${args}${selection} }`, variables };
}

/** Every field of an object type, recursively (the whole shape a subscriber could ask for). */
function fullSelection(type: GraphQLObjectType, depth = 4): string {
  return Object.values(type.getFields())
    .filter((field) => field.args.every((arg) => !isNonNullType(arg.type)))
    .map((field) => {
      const named = getNamedType(field.type);
      if (isObjectType(named)) return depth > 1 ? `${field.name} { ${fullSelection(named, depth - 1)} }` : '';
      return field.name;
    })
    .filter(Boolean)
    .join(' ');
}

/** The dotted paths of every non-null leaf of an answer (JSON scalars count as one leaf). */
function answeredPaths(value: unknown, prefix = ''): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value !== 'object' || Array.isArray(value) || prefix === 'changes') return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => answeredPaths(inner, prefix ? `${prefix}.${key}` : key));
}

async function post(body: { query: string; variables: Record<string, unknown> }, headers: Record<string, string>) {
  const response = await fetch(api.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return (await response.json()) as ExecutionResult<Record<string, unknown>>;
}

/** The first message a subscription gets: its data, or its errors. */
function firstAnswer(headers: Record<string, unknown>, body: { query: string; variables: Record<string, unknown> }) {
  const client = wsClient(api.wsUrl, headers);
  clients.push(client);
  return new Promise<{ data?: unknown; errors?: unknown }>((resolve) => {
    client.subscribe(body, {
      next: (value) => resolve(value as { data?: unknown; errors?: unknown }),
      error: (error) => resolve({ errors: error }),
      complete: () => resolve({}),
    });
  });
}

// ---- the lifecycle that writes every kind of history entry ----

async function runLifecycle() {
  const as = (session: Session) => ({ token: session.accessToken });
  const created = await execute(
    api.graphqlUrl,
    CreateTicketDocument,
    {
      input: {
        problemId,
        orderNumber: `${Math.floor(10_000_000 + Math.random() * 89_999_999)}-0001`,
        description: secret.description,
        replyChannel: 'SMS',
        idempotencyKey: randomUUID(),
      },
    },
    as(customer),
  );
  const ticket = created.data!.createTicket;
  const steps: Array<Promise<ExecutionResult> | (() => Promise<ExecutionResult>)> = [
    () => execute(api.graphqlUrl, AssignTicketDocument, { ticketId: ticket.id, assigneeId: agent.user.id }, as(agent)),
    () =>
      execute(
        api.graphqlUrl,
        ReplyToTicketDocument,
        { input: { ticketId: ticket.id, body: secret.note, internal: true } },
        as(agent),
      ),
    () =>
      execute(
        api.graphqlUrl,
        AddTicketMessageDocument,
        { input: { ticketId: ticket.id, body: secret.customerMessage } },
        as(customer),
      ),
    () =>
      execute(
        api.graphqlUrl,
        ReplyToTicketDocument,
        { input: { ticketId: ticket.id, body: secret.agentReply, internal: false } },
        as(agent),
      ),
    () =>
      execute(api.graphqlUrl, EscalateTicketDocument, { ticketId: ticket.id, reason: secret.staffReason }, as(agent)),
    () => execute(api.graphqlUrl, ChangeTicketStatusDocument, { ticketId: ticket.id, status: 'RESOLVED' }, as(agent)),
    () =>
      execute(
        api.graphqlUrl,
        RateTicketDocument,
        { input: { ticketId: ticket.id, score: 4, comment: secret.ratingComment } },
        as(customer),
      ),
    () =>
      execute(api.graphqlUrl, ReopenTicketDocument, { ticketId: ticket.id, reason: secret.reopenReason }, as(customer)),
  ];
  for (const step of steps) {
    const result = await (typeof step === 'function' ? step() : step);
    expect(result.errors).toBeUndefined();
  }
  return ticket;
}

const rootFields = (type: GraphQLObjectType | null | undefined) => Object.values(type?.getFields() ?? {});

describe('an API key with tickets:read', () => {
  const key = () => ({ 'x-api-key': keySecret });

  it('answers no query or mutation that an anonymous caller could not', async () => {
    const leaks: string[] = [];
    for (const [kind, type] of [
      ['query', schema.getQueryType()],
      ['mutation', schema.getMutationType()],
    ] as const) {
      for (const field of rootFields(type)) {
        const operation = operationFor(kind, field);
        const withKey = await post(operation, key());
        if (withKey.data?.[field.name] === null || withKey.data?.[field.name] === undefined) continue;
        const anonymous = await post(operation, {});
        if (anonymous.data?.[field.name] === null || anonymous.data?.[field.name] === undefined) {
          leaks.push(`${kind} ${field.name}`);
        }
      }
    }
    expect(leaks).toEqual([]);
  });

  it('is refused on every subscription but ticketEvents', async () => {
    const subscriptions = rootFields(schema.getSubscriptionType()).filter((field) => field.name !== 'ticketEvents');
    expect(subscriptions.map((field) => field.name)).toContain('ticketUpdated');
    const answers = await Promise.all(
      subscriptions.map(async (field) => [field.name, await firstAnswer(key(), operationFor('subscription', field))]),
    );
    for (const [name, answer] of answers as Array<[string, { data?: unknown; errors?: unknown }]>) {
      expect({ name, errors: Boolean(answer.errors), data: answer.data ?? null }).toEqual({
        name,
        errors: true,
        data: null,
      });
    }
  });

  it('reads every event, at every depth, only through the documented integrator fields', async () => {
    const eventType = schema.getSubscriptionType()!.getFields()['ticketEvents']!.type;
    const selection = fullSelection(getNamedType(eventType) as GraphQLObjectType);
    const document = parse(`subscription { ticketEvents(after: "0") { ${selection} } }`) as TypedDocumentNode<
      { ticketEvents: Record<string, unknown> },
      Record<string, never>
    >;
    const client = wsClient(api.wsUrl, key());
    clients.push(client);
    const events = collect(client, document, {});
    const staffClient = wsClient(api.wsUrl, { authorization: `Bearer ${agent.accessToken}` });
    clients.push(staffClient);
    // From position 0: whatever happens after the subscription starts is replayed, then followed live.
    const staffEvents = collect(staffClient, TicketEventsDocument, { after: '0' });
    const ticket = await runLifecycle();
    const last = (list: Array<{ ticketEvents: { type: string; ticket: { id: string } } }>) =>
      list.some((e) => e.ticketEvents.type === 'REOPENED' && e.ticketEvents.ticket.id === ticket.id);
    await expect.poll(() => last(events.results as never) && last(staffEvents.results as never)).toBe(true);
    expect(events.errors).toEqual([]);

    const seen = events.results.map((result) => result.ticketEvents);
    const types = new Set(seen.map((event) => event['type'] as TicketEventType));
    for (const type of TICKET_EVENT_TYPES.filter((t) => t !== 'SLA_BREACHED')) expect(types).toContain(type);
    for (const event of seen) {
      for (const path of answeredPaths(event)) expect(INTEGRATOR_FIELDS).toContain(path);
      const readable = Object.entries(HISTORY_DATA_READERS[event['type'] as TicketEventType])
        .filter(([, readers]) => readers.includes('integrator'))
        .map(([name]) => name);
      for (const name of Object.keys(event['changes'] as object)) expect(readable).toContain(name);
    }
    const text = JSON.stringify(seen);
    for (const value of [...Object.values(secret), customer.phone]) expect(text).not.toContain(value);
    // Staff, listening to the same events, do read the staff reason: the filter is what keeps it from the key.
    expect(JSON.stringify(staffEvents.results)).toContain(secret.staffReason);
  });
});

describe('a customer', () => {
  it('reads every kind of history entry of their ticket without any staff-only data', async () => {
    const client = wsClient(api.wsUrl, { authorization: `Bearer ${customer.accessToken}` });
    clients.push(client);
    const events = collect(client, TicketEventsDocument, { after: '0' });
    const ticket = await runLifecycle();
    await expect
      .poll(() =>
        events.results.some((e) => e.ticketEvents.type === 'REOPENED' && e.ticketEvents.ticket.id === ticket.id),
      )
      .toBe(true);

    const read = await execute(api.graphqlUrl, TicketDocument, { id: ticket.id }, { token: customer.accessToken });
    const history = read.data!.ticket!.history;
    const publicTypes = ['CREATED', 'STATUS_CHANGED', 'MESSAGE', 'ESCALATED', 'RATED', 'REOPENED'];
    expect(new Set(history.map((entry) => entry.type))).toEqual(new Set(publicTypes));
    const mine = events.results.map((e) => e.ticketEvents).filter((e) => e.ticket.id === ticket.id);
    expect(new Set(mine.map((event) => event.type))).toEqual(new Set(publicTypes));

    const entries = [
      ...history.map((entry) => ({ type: entry.type, data: entry.data as Record<string, unknown> })),
      ...mine.map((event) => ({ type: event.type, data: event.changes as Record<string, unknown> })),
    ];
    for (const { type, data } of entries) {
      const readable = Object.entries(HISTORY_DATA_READERS[type as TicketEventType])
        .filter(([, readers]) => readers.includes('customer'))
        .map(([name]) => name);
      for (const name of Object.keys(data))
        expect({ type, key: name, readable: readable.includes(name) }).toEqual({
          type,
          key: name,
          readable: true,
        });
    }
    const text = JSON.stringify({ history, mine });
    for (const staffOnly of [secret.note, secret.staffReason, agent.user.id]) expect(text).not.toContain(staffOnly);
    // Their own words they do read back.
    expect(text).toContain(secret.reopenReason);
    expect(text).toContain(secret.ratingComment);
    for (const event of mine) expect(event.ticket.assigneeId).toBeNull();
  });
});
