import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import {
  ChatListChangedDocument,
  MessageAddedDocument,
  ReplyToTicketDocument,
  SendMessageDocument,
  StartChatDocument,
} from '@support/schema';
import { print } from 'graphql';
import { createLogger } from '../src/lib/logger.js';
import { InProcessPubSub, RedisPubSub, topics, type PubSub } from '../src/lib/pubsub.js';
import { seedCatalog } from '../src/modules/catalog/catalog.seed.js';
import type { TicketOutboxEvent } from '../src/modules/tickets/outbox.entity.js';
import { eventHead, execute, startTestServer, type TestServer } from './harness.js';
import { loginAs } from './identity-helpers.js';
import { fileLateOrderTicket } from './ticket-helpers.js';
import { FrameSocket, type Frame } from './ws-frames.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const SUBSCRIBERS = 10_000;
const logger = createLogger({ level: 'silent' });

/** Resolves with the first payload `pubsub` hands a listener of `topic`. */
const first = <T>(pubsub: PubSub, topic: `chat/${string}/message_added`) =>
  new Promise<T>((resolve) => {
    const stop = pubsub.listen(topic, (payload) => {
      stop();
      resolve(payload as T);
    });
  });

describe('topics keyed by recipient', () => {
  for (const kind of ['in-process', 'Redis'] as const) {
    it(`hands a chat message to its chat's listener only, among ${SUBSCRIBERS} chats (${kind})`, async () => {
      const prefix = `test-${randomUUID()}:`;
      const pubsub = kind === 'Redis' ? new RedisPubSub(REDIS_URL, logger, prefix) : new InProcessPubSub();
      try {
        const chats = Array.from({ length: SUBSCRIBERS }, () => randomUUID());
        const received = new Map<string, number>();
        const stops = chats.map((chatId) =>
          pubsub.listen(topics.chatMessageAdded(chatId), () => received.set(chatId, (received.get(chatId) ?? 0) + 1)),
        );
        const target = chats[4321]!;
        // A listener that arrives last on the same key: once it has the message, the fan-out for it is over.
        const seen = first<{ messageId: string }>(pubsub, topics.chatMessageAdded(target));
        if (pubsub instanceof RedisPubSub) await pubsub.ready();
        const before = pubsub.delivered;
        await pubsub.publish(topics.chatMessageAdded(target), { chatId: target, messageId: 'm1' });
        expect((await seen).messageId).toBe('m1');
        expect(pubsub.delivered - before).toBe(2); // the chat's own listener and the test's own
        expect([...received]).toEqual([[target, 1]]);
        for (const stop of stops) stop();
      } finally {
        await pubsub.close();
      }
    });
  }

  it('subscribes an instance in Redis only to the keys it holds listeners for, and lets go of them', async () => {
    const prefix = `test-${randomUUID()}:`;
    const holder = new RedisPubSub(REDIS_URL, logger, prefix);
    const bystander = new RedisPubSub(REDIS_URL, logger, prefix);
    const probe = new Redis(REDIS_URL);
    try {
      const chatId = randomUUID();
      const channel = `${prefix}${topics.chatMessageAdded(chatId)}`;
      const stop = holder.listen(topics.chatMessageAdded(chatId), () => undefined);
      await holder.ready();
      const counts = async () => (await probe.pubsub('NUMSUB', channel)) as [string, number];
      expect((await counts())[1]).toBe(1);
      const bystanderBefore = bystander.delivered;
      const seen = first(holder, topics.chatMessageAdded(chatId));
      await bystander.publish(topics.chatMessageAdded(chatId), { chatId, messageId: 'm' });
      await seen;
      expect(bystander.delivered).toBe(bystanderBefore);
      stop();
      await holder.ready();
      // `seen`'s own listener went with its message: nobody on this key is left anywhere.
      expect((await counts())[1]).toBe(0);
    } finally {
      probe.disconnect();
      await Promise.all([holder.close(), bystander.close()]);
    }
  });
});

describe('recipients through the API', () => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startTestServer();
    await seedCatalog(api.db.orm, api.config);
  });
  afterAll(async () => {
    await api?.close();
  });

  it(`looks at one ticket-event queue for an event on one ticket, among ${SUBSCRIBERS} followed tickets`, async () => {
    const fanout = api.services.eventFanout;
    const queues = Array.from({ length: SUBSCRIBERS }, () => fanout.subscribe(() => true, { ticketId: randomUUID() }));
    const customer = await loginAs(api, ['CUSTOMER']);
    const agent = await loginAs(api, ['AGENT']);
    const ticketId = await fileLateOrderTicket(api, customer.accessToken);
    await eventHead(api); // the ticket's CREATED event is out of the way
    const mine = fanout.subscribe(() => true, { ticketId });
    const iterator = mine[Symbol.asyncIterator]();
    const before = fanout.considered;
    await execute(
      api.graphqlUrl,
      ReplyToTicketDocument,
      { input: { ticketId, body: 'Заметка', internal: true } },
      { token: agent.accessToken },
    );
    const event = (await iterator.next()).value as TicketOutboxEvent;
    expect(event.type).toBe('INTERNAL_NOTE');
    expect(fanout.considered - before).toBe(1);
    for (const queue of [...queues, mine]) queue.close();
  });

  it('costs one delivery per chat message however many chats are followed on the instance', async () => {
    const seller = await loginAs(api, ['SELLER']);
    const buyers = [await loginAs(api, ['CUSTOMER']), await loginAs(api, ['CUSTOMER'])];
    const chats: Array<{ chatId: string; buyer: number }> = [];
    for (const [index, buyer] of buyers.entries()) {
      for (let n = 0; n < 12; n += 1) {
        const started = await execute(
          api.graphqlUrl,
          StartChatDocument,
          { input: { sellerId: seller.user.id, productId: `SKU-${index}-${n}`, text: 'Есть в наличии?' } },
          { token: buyer.accessToken },
        );
        chats.push({ chatId: started.data!.startChat.id, buyer: index });
      }
    }
    const sockets = await Promise.all(
      buyers.map((buyer) => FrameSocket.open(api.wsUrl, { authorization: `Bearer ${buyer.accessToken}` })),
    );
    try {
      for (const [n, { chatId, buyer }] of chats.entries()) {
        sockets[buyer]!.subscribe(`m${n}`, print(MessageAddedDocument), { chatId });
      }
      for (const socket of sockets) socket.subscribe('list', print(ChatListChangedDocument));
      // Subscriptions are in place once a message sent after them arrives; use the last chat of each buyer.
      for (const [index, socket] of sockets.entries()) {
        const n = chats.map((chat) => chat.buyer).lastIndexOf(index);
        const last = chats[n]!;
        await execute(
          api.graphqlUrl,
          SendMessageDocument,
          { input: { chatId: last.chatId, text: 'Да', clientMessageId: randomUUID() } },
          { token: seller.accessToken },
        );
        await socket.waitFor((frame: Frame) => frame.id === `m${n}` && frame.type === 'next');
        await socket.waitFor((frame: Frame) => frame.id === 'list' && frame.type === 'next');
      }
      const target = chats[3]!;
      const before = api.services.pubsub.delivered;
      const framesBefore = sockets.map((socket) => socket.frames.length);
      await execute(
        api.graphqlUrl,
        SendMessageDocument,
        { input: { chatId: target.chatId, text: 'Есть, отправим завтра', clientMessageId: randomUUID() } },
        { token: seller.accessToken },
      );
      const socket = sockets[target.buyer]!;
      await socket.waitFor((frame: Frame) => frame.id === 'm3' && frame.type === 'next');
      await socket.waitFor(
        (frame: Frame) =>
          frame.id === 'list' && frame.type === 'next' && socket.frames.indexOf(frame) >= framesBefore[target.buyer]!,
      );
      // The chat's subscriber and the buyer's chat list: nobody else's listener ran.
      expect(api.services.pubsub.delivered - before).toBe(2);
      expect(sockets[1 - target.buyer]!.frames.length).toBe(framesBefore[1 - target.buyer]);
    } finally {
      for (const socket of sockets) socket.close();
    }
  });
});
