import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChatDocument,
  ChatListChangedDocument,
  ChatsDocument,
  ConvertChatToTicketDocument,
  CreateHelpArticleDocument,
  MarkChatReadDocument,
  MessageAddedDocument,
  MessagesDocument,
  MyTicketsDocument,
  SearchHelpDocument,
  SendMessageDocument,
  StartChatDocument,
  StartSupportChatDocument,
  SupportCategoriesDocument,
  SupportQueueDocument,
  TakeChatDocument,
} from '@support/schema';
import { topics } from '../src/lib/pubsub.js';
import { seedCatalog } from '../src/modules/catalog/catalog.seed.js';
import { seedHelpArticles } from '../src/modules/help/help.seed.js';
import { collect, errorCodes, execute, startTestServer, wsClient, type TestServer } from './harness.js';
import { login, loginAs, skipCooldown } from './identity-helpers.js';

type Session = Awaited<ReturnType<typeof loginAs>>;
let api: TestServer;
let agent: Session;
let otherAgent: Session;
let senior: Session;

beforeAll(async () => {
  api = await startTestServer({ env: { DELIVERY_POLL_MS: '50' } });
  await seedCatalog(api.db.orm, api.config);
  await seedHelpArticles(api.db.orm, api.config);
  [agent, otherAgent, senior] = await Promise.all([
    loginAs(api, ['AGENT']),
    loginAs(api, ['AGENT']),
    loginAs(api, ['SENIOR_AGENT']),
  ]);
});
afterAll(async () => {
  await api?.close();
});

const as = (session: Session) => ({ token: session.accessToken });
const send = (session: Session, chatId: string, text: string, clientMessageId = randomUUID()) =>
  execute(api.graphqlUrl, SendMessageDocument, { input: { chatId, text, clientMessageId } }, as(session));
const search = async (query: string) =>
  (await execute(api.graphqlUrl, SearchHelpDocument, { query })).data!.searchHelp.map((hit) => hit.title);
/** A chat's newest 100 messages, newest first (the API gives history oldest first: read backwards with `last`). */
const messagesOf = async (session: Session, chatId: string) =>
  (
    await execute(api.graphqlUrl, MessagesDocument, { chatId, last: 100 }, as(session))
  ).data!.messages.nodes.toReversed();

describe('help search in Russian', () => {
  it('finds an article whatever the word forms, then by word beginnings', async () => {
    expect((await search('возвраты товаров'))[0]).toBe('Возврат товара');
    expect(await search('вернуть товар')).toContain('Возврат товара');
    expect(await search('кодового слова')).toContain('Забыли кодовое слово карты');
    expect(await search('выв')).toContain('Как вывести деньги с баланса');
    expect(await search('абракадабра')).toEqual([]);
    expect(await search('   ')).toEqual([]);
  });

  it('finds new articles staff publish, and hides drafts', async () => {
    const draft = await execute(
      api.graphqlUrl,
      CreateHelpArticleDocument,
      {
        input: {
          title: 'Подарочные сертификаты',
          body: 'Сертификат можно подарить другу, он действует год со дня покупки.',
          tags: ['подарок'],
          published: false,
        },
      },
      as(senior),
    );
    expect(draft.data?.createHelpArticle.published).toBe(false);
    expect(await search('сертификаты')).toEqual([]);
    const denied = await execute(
      api.graphqlUrl,
      CreateHelpArticleDocument,
      { input: { title: 'Нет', body: 'Агентам нельзя публиковать статьи.' } },
      as(agent),
    );
    expect(errorCodes(denied)).toEqual(['FORBIDDEN']);
  });
});

describe('the support bot', () => {
  it('answers the first message with matching articles and the offer of a person, then hands over on request', async () => {
    const customer = await loginAs(api, ['CUSTOMER']);
    const started = (
      await execute(api.graphqlUrl, StartSupportChatDocument, { text: 'Как вернуть товар?' }, as(customer))
    ).data!.startSupportChat;
    expect(started.supportState).toBe('BOT');
    const [bot, mine] = await messagesOf(customer, started.id);
    expect(mine).toMatchObject({ authorKind: 'USER', mine: true, text: 'Как вернуть товар?' });
    expect(bot).toMatchObject({ authorKind: 'BOT', offerHuman: true });
    expect(bot!.suggestions.map((s) => s.title)).toContain('Возврат товара');
    const queueBefore = (
      await execute(api.graphqlUrl, SupportQueueDocument, {}, as(agent))
    ).data!.supportQueue.nodes.map((c) => c.id);
    expect(queueBefore).not.toContain(started.id);

    await send(customer, started.id, 'Позовите оператора, пожалуйста');
    const queue = (await execute(api.graphqlUrl, SupportQueueDocument, {}, as(agent))).data!.supportQueue.nodes;
    expect(queue.find((c) => c.id === started.id)).toMatchObject({ supportState: 'QUEUED' });
  });

  it('hands a question it cannot answer straight to the agents', async () => {
    const customer = await loginAs(api, ['CUSTOMER']);
    const started = (await execute(api.graphqlUrl, StartSupportChatDocument, { text: 'Ыыыы непонятное' }, as(customer)))
      .data!.startSupportChat;
    expect(started.supportState).toBe('QUEUED');
    expect((await messagesOf(customer, started.id))[0]).toMatchObject({ authorKind: 'BOT', offerHuman: false });
  });

  it('lets one agent take a chat, answer, and turn it into an appeal with the conversation', async () => {
    const customer = await loginAs(api, ['CUSTOMER']);
    const chat = (
      await execute(api.graphqlUrl, StartSupportChatDocument, { text: 'Ыыы, заказ не пришёл' }, as(customer))
    ).data!.startSupportChat;
    const taken = await execute(api.graphqlUrl, TakeChatDocument, { chatId: chat.id }, as(agent));
    expect(taken.data?.takeChat.supportState).toBe('ASSIGNED');
    expect(errorCodes(await execute(api.graphqlUrl, TakeChatDocument, { chatId: chat.id }, as(otherAgent)))).toEqual([
      'CHAT_TAKEN',
    ]);
    await send(agent, chat.id, 'Оформлю обращение, чтобы разобраться');
    const seen = await messagesOf(customer, chat.id);
    expect(seen[0]).toMatchObject({ authorKind: 'STAFF', text: 'Оформлю обращение, чтобы разобраться', mine: false });

    const other = (await execute(api.graphqlUrl, SupportCategoriesDocument, {})).data!.supportCategories.find(
      (c) => c.titleEn === 'Delivery',
    )!;
    const ticket = await execute(
      api.graphqlUrl,
      ConvertChatToTicketDocument,
      { chatId: chat.id, input: { categoryId: other.id, otherSubject: 'Из чата' } },
      as(agent),
    );
    expect(ticket.data?.convertChatToTicket.description).toContain('заказ не пришёл');
    expect(ticket.data?.convertChatToTicket.description).toContain('Оформлю обращение');
    const mine = (await execute(api.graphqlUrl, MyTicketsDocument, {}, as(customer))).data!.myTickets.nodes.map(
      (t) => t.id,
    );
    expect(mine).toContain(ticket.data!.convertChatToTicket.id);
    expect((await execute(api.graphqlUrl, ChatDocument, { id: chat.id }, as(customer))).data?.chat.ticketId).toBe(
      ticket.data!.convertChatToTicket.id,
    );
  });
});

describe('buyers and sellers', () => {
  it('opens a dialog both see under «Покупатели», with unread counts, and keeps it from other sellers', async () => {
    const [buyer, seller, rival] = await Promise.all([
      loginAs(api, ['CUSTOMER']),
      loginAs(api, ['CUSTOMER', 'SELLER']),
      loginAs(api, ['CUSTOMER', 'SELLER']),
    ]);
    const chat = (
      await execute(
        api.graphqlUrl,
        StartChatDocument,
        { input: { sellerId: seller.user.id, productId: 'SKU-42', text: 'Есть ли размер M?' } },
        as(buyer),
      )
    ).data!.startChat;
    expect(chat).toMatchObject({
      tab: 'BUYERS',
      productId: 'SKU-42',
      unreadCount: 0,
      counterpart: { id: seller.user.id },
    });
    const sellerList = (await execute(api.graphqlUrl, ChatsDocument, { tab: 'BUYERS' }, as(seller))).data!.chats.nodes;
    expect(sellerList).toHaveLength(1);
    expect(sellerList[0]).toMatchObject({
      id: chat.id,
      unreadCount: 1,
      counterpart: { id: buyer.user.id },
      lastMessage: { text: 'Есть ли размер M?' },
    });
    expect((await execute(api.graphqlUrl, ChatsDocument, { tab: 'BUYERS' }, as(rival))).data!.chats.nodes).toEqual([]);
    expect(errorCodes(await execute(api.graphqlUrl, MessagesDocument, { chatId: chat.id }, as(rival)))).toEqual([
      'NOT_FOUND',
    ]);
    expect(errorCodes(await send(rival, chat.id, 'Купите у меня'))).toEqual(['NOT_FOUND']);
    const notSeller = await execute(
      api.graphqlUrl,
      StartChatDocument,
      { input: { sellerId: buyer.user.id, text: 'Привет' } },
      as(seller),
    );
    expect(errorCodes(notSeller)).toEqual(['NOT_FOUND']);
  });

  it('keeps unread counts exact under concurrent senders and a reader', async () => {
    const [buyer, seller] = await Promise.all([loginAs(api, ['CUSTOMER']), loginAs(api, ['CUSTOMER', 'SELLER'])]);
    const chat = (
      await execute(
        api.graphqlUrl,
        StartChatDocument,
        { input: { sellerId: seller.user.id, text: 'Первый' } },
        as(buyer),
      )
    ).data!.startChat;
    const first = (await messagesOf(seller, chat.id))[0]!;
    const [sent] = await Promise.all([
      Promise.all(Array.from({ length: 20 }, (_, i) => send(buyer, chat.id, `Сообщение ${i}`))),
      execute(api.graphqlUrl, MarkChatReadDocument, { chatId: chat.id, upToMessageId: first.id }, as(seller)),
    ]);
    expect(sent.every((r) => !r.errors)).toBe(true);
    const unread = (await execute(api.graphqlUrl, ChatsDocument, { tab: 'BUYERS' }, as(seller))).data!.chats.nodes[0]!
      .unreadCount;
    expect(unread).toBe(20);
    const newest = (await messagesOf(seller, chat.id))[0]!;
    expect(
      (await execute(api.graphqlUrl, MarkChatReadDocument, { chatId: chat.id, upToMessageId: newest.id }, as(seller)))
        .data?.markChatRead,
    ).toBe(0);
    // The sender's own messages never count as unread for them.
    expect(
      (await execute(api.graphqlUrl, ChatsDocument, { tab: 'BUYERS' }, as(buyer))).data!.chats.nodes[0]!.unreadCount,
    ).toBe(0);
  });
});

describe('chat rules', () => {
  const start = (buyer: Session, input: { sellerId: string; productId?: string | null; orderNumber?: string | null }) =>
    execute(api.graphqlUrl, StartChatDocument, { input: { ...input, text: 'Вопрос?' } }, as(buyer));

  it('treat identifiers as trimmed and an empty one as absent: one chat per buyer, seller and product or order', async () => {
    const [buyer, seller] = await Promise.all([loginAs(api, ['CUSTOMER']), loginAs(api, ['CUSTOMER', 'SELLER'])]);
    const empty = await Promise.all([1, 2, 3].map(() => start(buyer, { sellerId: seller.user.id, productId: '' })));
    const none = await start(buyer, { sellerId: seller.user.id, productId: '   ', orderNumber: '' });
    const ids = (results: Array<Awaited<ReturnType<typeof start>>>) =>
      new Set(results.map((r) => r.data?.startChat.id));
    expect(ids([...empty, none]).size).toBe(1);
    expect(none.data?.startChat.productId).toBeNull();
    const padded = await start(buyer, { sellerId: seller.user.id, productId: ' P1 ' });
    const plain = await start(buyer, { sellerId: seller.user.id, productId: 'P1' });
    expect(plain.data?.startChat.id).toBe(padded.data?.startChat.id);
    expect(plain.data?.startChat.productId).toBe('P1');
    expect(plain.data?.startChat.id).not.toBe(none.data?.startChat.id);
    const chats = (await execute(api.graphqlUrl, ChatsDocument, { tab: 'BUYERS' }, as(seller))).data!.chats.nodes;
    expect(chats).toHaveLength(2);
  });

  it('start one chat for concurrent starts, buyer-seller and support alike (the database enforces it)', async () => {
    const [buyer, seller] = await Promise.all([loginAs(api, ['CUSTOMER']), loginAs(api, ['CUSTOMER', 'SELLER'])]);
    const chats = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        start(buyer, { sellerId: seller.user.id, orderNumber: i % 2 ? ' 12345678 ' : '12345678' }),
      ),
    );
    expect(chats.every((r) => !r.errors)).toBe(true);
    expect(new Set(chats.map((r) => r.data?.startChat.id)).size).toBe(1);

    const support = await Promise.all(
      Array.from({ length: 8 }, () =>
        execute(api.graphqlUrl, StartSupportChatDocument, { text: 'Ыыы, заказ не пришёл' }, as(buyer)),
      ),
    );
    expect(support.every((r) => !r.errors)).toBe(true);
    expect(new Set(support.map((r) => r.data?.startSupportChat.id)).size).toBe(1);
    const [open] = await api.db.orm.em
      .fork()
      .execute<Array<{ count: number }>>(
        `select count(*)::int as count from chat where customer_id = ? and kind = 'SUPPORT' and support_state <> 'CLOSED'`,
        [buyer.user.id],
      );
    expect(open?.count).toBe(1);
    // The index holds even for a writer that skips the service's lock.
    await expect(
      api.db.orm.em.fork().execute(
        `insert into chat (id, kind, customer_id, support_state, last_message_at, created_at)
           values (gen_random_uuid(), 'SUPPORT', ?, 'QUEUED', now(), now())`,
        [buyer.user.id],
      ),
    ).rejects.toThrow(/chat_open_support_unique/);
  });

  it('refuse to mark a chat read up to a message of another chat, or a made-up one (NOT_FOUND)', async () => {
    const [buyer, seller] = await Promise.all([loginAs(api, ['CUSTOMER']), loginAs(api, ['CUSTOMER', 'SELLER'])]);
    const first = (await start(buyer, { sellerId: seller.user.id, productId: 'A' })).data!.startChat;
    const second = (await start(buyer, { sellerId: seller.user.id, productId: 'B' })).data!.startChat;
    const [foreign] = await messagesOf(seller, second.id);
    const mark = (upToMessageId: string) =>
      execute(api.graphqlUrl, MarkChatReadDocument, { chatId: first.id, upToMessageId }, as(seller));
    expect(errorCodes(await mark(foreign!.id))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await mark(randomUUID()))).toEqual(['NOT_FOUND']);
    const unread = async () =>
      (await execute(api.graphqlUrl, ChatsDocument, { tab: 'BUYERS' }, as(seller))).data!.chats.nodes.find(
        (c) => c.id === first.id,
      )?.unreadCount;
    expect(await unread()).toBe(1);
    const [own] = await messagesOf(seller, first.id);
    expect((await mark(own!.id)).data?.markChatRead).toBe(0);
    expect(await unread()).toBe(0);
  });
});

describe('messages', () => {
  it('are idempotent by clientMessageId under a retry', async () => {
    const [buyer, seller] = await Promise.all([loginAs(api, ['CUSTOMER']), loginAs(api, ['CUSTOMER', 'SELLER'])]);
    const chat = (
      await execute(
        api.graphqlUrl,
        StartChatDocument,
        { input: { sellerId: seller.user.id, text: 'Здравствуйте' } },
        as(buyer),
      )
    ).data!.startChat;
    const key = randomUUID();
    const results = await Promise.all([
      send(buyer, chat.id, 'Повтор', key),
      send(buyer, chat.id, 'Повтор', key),
      send(buyer, chat.id, 'Повтор', key),
    ]);
    expect(new Set(results.map((r) => r.data?.sendMessage.id)).size).toBe(1);
    expect((await messagesOf(seller, chat.id)).filter((m) => m.text === 'Повтор')).toHaveLength(1);
  });

  it('are stored as sent, with a length limit and a per-user rate limit', async () => {
    const [buyer, seller] = await Promise.all([loginAs(api, ['CUSTOMER']), loginAs(api, ['CUSTOMER', 'SELLER'])]);
    const chat = (
      await execute(
        api.graphqlUrl,
        StartChatDocument,
        { input: { sellerId: seller.user.id, text: 'Вопрос' } },
        as(buyer),
      )
    ).data!.startChat;
    const html = '<script>alert("x")</script> & <b>жирный</b>';
    expect((await send(buyer, chat.id, html)).data?.sendMessage.text).toBe(html);
    expect(errorCodes(await send(buyer, chat.id, 'я'.repeat(4001)))).toEqual(['BAD_USER_INPUT']);
    const burst = await Promise.all(Array.from({ length: 35 }, (_, i) => send(buyer, chat.id, `Флуд ${i}`)));
    expect(burst.flatMap(errorCodes)).toContain('RATE_LIMITED');
  });

  it('reach members live, and nobody else may subscribe', async () => {
    const [buyer, seller, stranger] = await Promise.all([
      loginAs(api, ['CUSTOMER']),
      loginAs(api, ['CUSTOMER', 'SELLER']),
      loginAs(api, ['CUSTOMER']),
    ]);
    const chat = (
      await execute(api.graphqlUrl, StartChatDocument, { input: { sellerId: seller.user.id, text: 'Алло' } }, as(buyer))
    ).data!.startChat;
    const sellerSocket = wsClient(api.wsUrl, { authorization: `Bearer ${seller.accessToken}` });
    const strangerSocket = wsClient(api.wsUrl, { authorization: `Bearer ${stranger.accessToken}` });
    try {
      const live = collect(sellerSocket, MessageAddedDocument, { chatId: chat.id });
      const spy = collect(strangerSocket, MessageAddedDocument, { chatId: chat.id });
      await api.services.pubsub.whenListening(topics.chatMessageAdded(chat.id));
      await send(buyer, chat.id, 'Вы здесь?');
      const [message] = await live.waitFor(1);
      expect(message?.messageAdded).toMatchObject({ text: 'Вы здесь?', mine: false });
      expect(errorCodes({ errors: await spy.refusal() })).toEqual(['NOT_FOUND']);
    } finally {
      await sellerSocket.dispose();
      await strangerSocket.dispose();
    }
  });
});

describe('the Security chat', () => {
  it('receives new-device logins as system messages and cannot be written to', async () => {
    const first = await login(api);
    await skipCooldown(api, first.phone);
    // The notice is delivered in the background: the first device's chat list hears of it.
    const socket = wsClient(api.wsUrl, { authorization: `Bearer ${first.accessToken}` });
    const list = collect(socket, ChatListChangedDocument);
    try {
      await api.services.pubsub.whenListening(topics.chatsChanged(first.user.id));
      const second = await login(api, first.phone);
      await list.waitUntil((results) => results.some((r) => r.chatListChanged.tab === 'SECURITY'));
      await checkSecurityChat(second.accessToken);
    } finally {
      await socket.dispose();
    }
  });
});

/** The Security chat a new device's login announced: a system message, and nobody may write there. */
async function checkSecurityChat(token: string): Promise<void> {
  const [security] = (await execute(api.graphqlUrl, ChatsDocument, { tab: 'SECURITY' }, { token })).data!.chats.nodes;
  expect(security).toMatchObject({
    tab: 'SECURITY',
    counterpart: { displayName: 'Безопасность' },
    lastMessage: { authorKind: 'SYSTEM' },
  });
  expect(security!.lastMessage?.text).toMatch(/нового устройства/);
  const write = await execute(
    api.graphqlUrl,
    SendMessageDocument,
    { input: { chatId: security!.id, text: 'Это я', clientMessageId: randomUUID() } },
    { token },
  );
  expect(errorCodes(write)).toEqual(['FORBIDDEN']);
}
