import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChangeTicketStatusDocument,
  CreateApiKeyDocument,
  CreateTicketDocument,
  CreateWebhookDocument,
  MyTicketsChangedDocument,
  AssignTicketDocument,
  ReplyToTicketDocument,
  RetryWebhookDeliveryDocument,
  RevokeApiKeyDocument,
  SupportCategoriesDocument,
  TicketEventsDocument,
  TicketUpdatedDocument,
  WebhookDeliveriesDocument,
  WebhooksDocument,
  type CreateTicketInput,
} from '@support/schema';
import { seedCatalog } from '../src/modules/catalog/catalog.seed.js';
import { signWebhook } from '../src/modules/integrations/webhook.service.js';
import { collect, errorCodes, eventHead, execute, startTestServer, wsClient, type TestServer } from './harness.js';
import { loginAs } from './identity-helpers.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

let api: TestServer;
let admin: Session;
let agent: Session;
let alice: Session;
let bob: Session;
let problemId: string;
const clients: Array<{ dispose(): Promise<void> | void }> = [];

beforeAll(async () => {
  api = await startTestServer({ env: { WEBHOOK_POLL_MS: '600000' } });
  await seedCatalog(api.db.orm, api.config);
  [admin, agent, alice, bob] = await Promise.all([
    loginAs(api, ['ADMIN']),
    loginAs(api, ['AGENT']),
    loginAs(api, ['CUSTOMER']),
    loginAs(api, ['CUSTOMER']),
  ]);
  const tree = (await execute(api.graphqlUrl, SupportCategoriesDocument, {})).data!.supportCategories;
  problemId = tree.flatMap((c) => c.problems).find((p) => p.titleEn === 'My order is late')!.id;
});
afterAll(async () => {
  for (const client of clients) await client.dispose();
  await api?.close();
});

const as = (session: Session) => ({ token: session.accessToken });
const orderNumber = () => `${Math.floor(10_000_000 + Math.random() * 89_999_999)}-0001`;
async function fileTicket(server: TestServer, session: Session) {
  const input: CreateTicketInput = {
    problemId,
    orderNumber: orderNumber(),
    description: 'Посылка задерживается уже на три дня, прошу помочь.',
    replyChannel: 'SMS',
    idempotencyKey: randomUUID(),
  };
  const result = await execute(server.graphqlUrl, CreateTicketDocument, { input }, as(session));
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.createTicket;
}
const reply = (server: TestServer, ticketId: string, body: string, internal = false) =>
  execute(server.graphqlUrl, ReplyToTicketDocument, { input: { ticketId, body, internal } }, as(agent));
async function apiKey(scopes: string[]) {
  const created = await execute(
    api.graphqlUrl,
    CreateApiKeyDocument,
    { input: { name: `CRM ${randomUUID()}`, scopes } },
    as(admin),
  );
  return created.data!.createApiKey;
}
const positionsAfter = async (server: TestServer, after: string) =>
  (
    await server.db.orm.em
      .fork()
      .execute<Array<{ position: string }>>('select position from ticket_outbox where position > ? order by position', [
        after,
      ])
  ).map((row) => row.position);
const currentPosition = eventHead;
function socketFor(server: TestServer, params: Record<string, unknown>) {
  const client = wsClient(server.wsUrl, params);
  clients.push(client);
  return client;
}

describe('integrators follow ticket events', () => {
  it('replays from a position, then continues live, without gaps or duplicates while events keep coming', async () => {
    const { secret } = await apiKey(['tickets:read']);
    const ticket = await fileTicket(api, alice);
    for (let i = 0; i < 5; i += 1) await reply(api, ticket.id, `Ответ ${i}`);
    const start = await currentPosition(api);
    for (let i = 0; i < 10; i += 1) await reply(api, ticket.id, `До подписки ${i}`);

    const subscription = collect(socketFor(api, { 'x-api-key': secret }), TicketEventsDocument, { after: start });
    // Writers keep going while the replay runs and after it.
    const writers = (async () => {
      for (let i = 0; i < 20; i += 1) await reply(api, ticket.id, `Во время подписки ${i}`);
    })();
    await writers;
    await currentPosition(api);
    const expected = await positionsAfter(api, start);
    await subscription.waitFor(expected.length);
    // One more event: once it has arrived, anything sent twice before it would have arrived too.
    await reply(api, ticket.id, 'После всех');
    await subscription.waitFor(expected.length + 1);
    const received = subscription.results.map((r) => r.ticketEvents.position).slice(0, expected.length);
    expect(received).toEqual(expected);
    expect(new Set(received).size).toBe(received.length);
    expect(expected.length).toBe(30);
    const last = subscription.results.at(-1)!.ticketEvents;
    expect(last).toMatchObject({ type: 'MESSAGE', ticket: { id: ticket.id, number: ticket.number } });
  });

  it('refuses an API key without the tickets:read scope, a revoked key and a made-up key', async () => {
    const narrow = await apiKey(['webhooks:manage']);
    const refused = collect(socketFor(api, { 'x-api-key': narrow.secret }), TicketEventsDocument, {});
    await refused.refusal();
    expect(errorCodes({ errors: refused.errors })).toEqual(['FORBIDDEN']);

    const revoked = await apiKey(['tickets:read']);
    await execute(api.graphqlUrl, RevokeApiKeyDocument, { id: revoked.apiKey.id }, as(admin));
    for (const key of [revoked.secret, 'sk_000000000000_madeupmadeupmadeupmadeup']) {
      const closed = await new Promise<number>((resolve) => {
        const client = wsClient(api.wsUrl, { 'x-api-key': key });
        client.on('closed', (event) => resolve((event as CloseEvent).code));
        client.subscribe(
          { query: '{ serverInfo { version } }' },
          { next: () => {}, error: () => {}, complete: () => {} },
        );
      });
      expect(closed).toBe(4403);
    }
  });

  it('lets only admins create keys, and shows the secret once', async () => {
    const denied = await execute(
      api.graphqlUrl,
      CreateApiKeyDocument,
      { input: { name: 'X', scopes: ['tickets:read'] } },
      as(agent),
    );
    expect(errorCodes(denied)).toEqual(['FORBIDDEN']);
    const bad = await execute(
      api.graphqlUrl,
      CreateApiKeyDocument,
      { input: { name: 'X', scopes: ['root'] } },
      as(admin),
    );
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    const { apiKey: key, secret } = await apiKey(['tickets:read']);
    expect(secret).toMatch(new RegExp(`^sk_${key.prefix}_`));
    const [row] = await api.db.orm.em
      .fork()
      .execute<Array<Record<string, unknown>>>('select * from api_key where id = ?', [key.id]);
    expect(JSON.stringify(row)).not.toContain(secret);
  });
});

describe('customers follow their own tickets only', () => {
  it('get their own answer when staff listen with the very same operation (answers are shared per audience only)', async () => {
    const ticket = await fileTicket(api, alice);
    const feed = (session: Session) =>
      collect(socketFor(api, { authorization: `Bearer ${session.accessToken}` }), TicketEventsDocument, {
        filter: { ticketId: ticket.id },
      });
    const subscribers = api.services.eventFanout.subscriberCount;
    const [staffA, staffB, owner] = [feed(admin), feed(agent), feed(alice)];
    // Live subscriptions start listening once the server has them; an event before that would not reach them.
    await api.services.eventFanout.whenSubscribed(subscribers + 3);
    await execute(api.graphqlUrl, AssignTicketDocument, { ticketId: ticket.id, assigneeId: agent.user.id }, as(admin));
    // The assignment's public event (the ticket went into work), as each of them received it. (The ticket's CREATED
    // event may reach them too: it can be positioned after they subscribed.)
    const statusChange = (subscriber: typeof owner) =>
      subscriber.results.map((r) => r.ticketEvents).find((event) => event.type === 'STATUS_CHANGED');
    for (const subscriber of [staffA, staffB, owner])
      await subscriber.waitUntil(() => Boolean(statusChange(subscriber)));
    const publicEvent = statusChange(owner)!;
    const sameEvent = (subscriber: typeof owner) =>
      subscriber.results.map((r) => r.ticketEvents).find((event) => event.id === publicEvent.id);
    expect(sameEvent(staffA)?.ticket.assigneeId).toBe(agent.user.id);
    expect(sameEvent(staffB)).toEqual(sameEvent(staffA));
    expect(publicEvent.ticket.assigneeId).toBeNull();
  });

  it('never receive another customer’s events, nor staff-only ones', async () => {
    const start = await currentPosition(api);
    const aliceFeed = collect(socketFor(api, { authorization: `Bearer ${alice.accessToken}` }), TicketEventsDocument, {
      after: start,
    });
    const own = await fileTicket(api, alice);
    const foreign = await fileTicket(api, bob);
    await reply(api, foreign.id, 'Ответ Бобу');
    await reply(api, own.id, 'Служебная заметка', true);
    await reply(api, own.id, 'Ответ Алисе');
    // A last public event on her own ticket: once it has arrived, anything leaked before it would have too.
    await reply(api, own.id, 'Ещё ответ Алисе');
    await aliceFeed.waitFor(4);
    const seen = aliceFeed.results.map((r) => r.ticketEvents);
    expect(seen.every((e) => e.ticket.id === own.id && e.public)).toBe(true);
    expect(seen.map((e) => e.type)).toEqual(['CREATED', 'MESSAGE', 'STATUS_CHANGED', 'MESSAGE']);
    expect(seen.every((e) => e.ticket.assigneeId === null)).toBe(true);

    const spy = collect(socketFor(api, { authorization: `Bearer ${alice.accessToken}` }), TicketEventsDocument, {
      filter: { ticketId: foreign.id },
    });
    await spy.refusal();
    expect(errorCodes({ errors: spy.errors })).toEqual(['NOT_FOUND']);
    const malformed = collect(socketFor(api, { authorization: `Bearer ${alice.accessToken}` }), TicketEventsDocument, {
      filter: { categoryIds: ['not-a-category-id'] },
    });
    await malformed.refusal();
    expect(errorCodes({ errors: malformed.errors })).toEqual(['BAD_USER_INPUT']);
    const spyUpdated = collect(
      socketFor(api, { authorization: `Bearer ${alice.accessToken}` }),
      TicketUpdatedDocument,
      { id: foreign.id },
    );
    await spyUpdated.refusal();
    const anonymous = collect(socketFor(api, {}), TicketEventsDocument, {});
    await anonymous.refusal();
    expect(errorCodes({ errors: anonymous.errors })).toEqual(['UNAUTHENTICATED']);
  });

  it('see the ticket screen and the list update as support works', async () => {
    const ticket = await fileTicket(api, alice);
    await currentPosition(api);
    const subscribers = api.services.eventFanout.subscriberCount;
    const screen = collect(socketFor(api, { authorization: `Bearer ${alice.accessToken}` }), TicketUpdatedDocument, {
      id: ticket.id,
    });
    const list = collect(
      socketFor(api, { authorization: `Bearer ${alice.accessToken}` }),
      MyTicketsChangedDocument,
      {},
    );
    await api.services.eventFanout.whenSubscribed(subscribers + 2);
    await fileTicket(api, bob);
    await execute(
      api.graphqlUrl,
      ChangeTicketStatusDocument,
      { ticketId: ticket.id, status: 'IN_PROGRESS' },
      as(agent),
    );
    const [update] = await screen.waitFor(1);
    expect(update?.ticketUpdated).toMatchObject({ id: ticket.id, status: 'IN_PROGRESS' });
    await list.waitFor(1);
    // Bob's ticket came first; a second change of Alice's own: once it is there, Bob's would have been too.
    await reply(api, ticket.id, 'Ответ');
    await list.waitUntil((results) => results.length >= 2 && results.at(-1)!.myTicketsChanged.id === ticket.id);
    expect(list.results.every((r) => r.myTicketsChanged.id === ticket.id)).toBe(true);
  });
});

describe('resilience', () => {
  it('delivers events committed while no relay ran, once a server runs again', async () => {
    const start = await currentPosition(api);
    const feed = collect(socketFor(api, { authorization: `Bearer ${agent.accessToken}` }), TicketEventsDocument, {
      after: start,
    });
    await api.services.eventRelay.stop();
    try {
      const ticket = await fileTicket(api, alice);
      // Only positioned events reach subscribers, and nothing positions them while no relay runs.
      const [pending] = await api.db.orm.em
        .fork()
        .execute<Array<{ count: string }>>('select count(*) as count from ticket_outbox where position is null');
      expect(Number(pending?.count)).toBeGreaterThan(0);

      // A restart: a new server process on the same database picks the events up.
      const restarted = await startTestServer({ database: api.db });
      try {
        const [event] = await feed.waitFor(1, 15_000);
        expect(event?.ticketEvents).toMatchObject({ type: 'CREATED', ticket: { id: ticket.id } });
      } finally {
        await restarted.close();
      }
    } finally {
      api.services.eventRelay.start();
    }
  });
});

describe('two API instances with Redis', () => {
  it('carries a change made through one instance to a subscriber on the other', async () => {
    const prefix = `test-${randomUUID()}:`;
    const env = {
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: prefix,
      EVENT_FANOUT_POLL_MS: '600000',
      EVENT_RELAY_POLL_MS: '600000',
    };
    const a = await startTestServer({ database: api.db, env });
    const b = await startTestServer({ database: api.db, env });
    try {
      await currentPosition(api);
      const onB = collect(socketFor(b, { authorization: `Bearer ${agent.accessToken}` }), TicketEventsDocument, {});
      await b.services.eventFanout.whenSubscribed(1);
      const ticket = await fileTicket(a, alice);
      const [event] = await onB.waitFor(1, 5000);
      expect(event?.ticketEvents).toMatchObject({ type: 'CREATED', ticket: { id: ticket.id } });
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('webhooks', () => {
  interface Received {
    headers: IncomingHttpHeaders;
    body: string;
  }
  let receiver: Server;
  let url: string;
  const received: Received[] = [];
  let answers: number[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(answers.shift() ?? 200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it('signs each delivery, retries after a 500 with the same delivery id, and logs it', async () => {
    const created = await execute(
      api.graphqlUrl,
      CreateWebhookDocument,
      { input: { url, eventTypes: ['CREATED'] } },
      as(admin),
    );
    const { webhook, secret } = created.data!.createWebhook;
    expect(secret).toMatch(/^whsec_/);
    answers = [500, 200];
    received.length = 0;
    const ticket = await fileTicket(api, alice);
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(1);

    const first = received[0]!;
    const timestamp = Number(first.headers['x-webhook-timestamp']);
    expect(first.headers['x-webhook-signature']).toBe(`v1=${signWebhook(secret, timestamp, first.body)}`);
    expect(first.headers['x-webhook-signature']).not.toBe(`v1=${signWebhook('whsec_wrong', timestamp, first.body)}`);
    const payload = JSON.parse(first.body) as { deliveryId: string; event: { type: string; ticket: { id: string } } };
    expect(payload.event).toMatchObject({ type: 'CREATED', ticket: { id: ticket.id } });

    // The receiver failed: the delivery waits with backoff, then goes again with the same id.
    const log = async () =>
      (await execute(api.graphqlUrl, WebhookDeliveriesDocument, { webhookId: webhook.id }, as(admin))).data!
        .webhookDeliveries.nodes;
    expect((await log())[0]).toMatchObject({ status: 'PENDING', attempts: 1, lastStatusCode: 500 });
    await api.services.webhooks.drain(() => new Date(Date.now() + 60_000));
    expect(received).toHaveLength(2);
    expect(received[1]!.headers['x-webhook-delivery-id']).toBe(payload.deliveryId);
    expect(JSON.parse(received[1]!.body).deliveryId).toBe(payload.deliveryId);
    expect((await log())[0]).toMatchObject({
      id: payload.deliveryId,
      status: 'DELIVERED',
      attempts: 2,
      lastStatusCode: 200,
    });

    // Sent again by hand, still the same delivery id.
    await execute(api.graphqlUrl, RetryWebhookDeliveryDocument, { id: payload.deliveryId }, as(admin));
    await expect.poll(() => received.length).toBe(3);
    expect(received[2]!.headers['x-webhook-delivery-id']).toBe(payload.deliveryId);
  });

  it('keeps retrying a failing receiver for 24 hours, then parks the delivery as failed', async () => {
    const created = await execute(
      api.graphqlUrl,
      CreateWebhookDocument,
      { input: { url, eventTypes: ['CREATED'] } },
      as(admin),
    );
    const { webhook } = created.data!.createWebhook;
    answers = Array.from({ length: 100 }, () => 503);
    const before = received.length;
    await fileTicket(api, alice);
    await expect.poll(() => received.length - before, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    const delivery = async () =>
      (await execute(api.graphqlUrl, WebhookDeliveriesDocument, { webhookId: webhook.id }, as(admin))).data!
        .webhookDeliveries.nodes[0]!;
    for (const hoursLater of [1, 6, 23]) {
      await api.services.webhooks.drain(() => new Date(Date.now() + hoursLater * 3_600_000));
      expect((await delivery()).status).toBe('PENDING');
    }
    await api.services.webhooks.drain(() => new Date(Date.now() + 25 * 3_600_000));
    expect(await delivery()).toMatchObject({ status: 'FAILED', lastStatusCode: 503 });
    answers = [];
  });

  it('keeps each integrator to its own webhooks', async () => {
    const crm = await apiKey(['webhooks:manage']);
    const own = await execute(
      api.graphqlUrl,
      CreateWebhookDocument,
      { input: { url } },
      { headers: { 'x-api-key': crm.secret } },
    );
    expect(own.data?.createWebhook.webhook.url).toBe(url);
    const listed = await execute(api.graphqlUrl, WebhooksDocument, {}, { headers: { 'x-api-key': crm.secret } });
    expect(listed.data!.webhooks.map((w) => w.id)).toEqual([own.data!.createWebhook.webhook.id]);
    const reader = await apiKey(['tickets:read']);
    const denied = await execute(api.graphqlUrl, WebhooksDocument, {}, { headers: { 'x-api-key': reader.secret } });
    expect(errorCodes(denied)).toEqual(['FORBIDDEN']);
    const ftp = await execute(
      api.graphqlUrl,
      CreateWebhookDocument,
      { input: { url: 'ftp://example.test/x' } },
      as(admin),
    );
    expect(errorCodes(ftp)).toEqual(['BAD_USER_INPUT']);
  });
});
