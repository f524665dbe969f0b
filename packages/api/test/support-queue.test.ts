import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConvertChatToTicketDocument,
  RequestHumanDocument,
  SendMessageDocument,
  StartChatDocument,
  StartSupportChatDocument,
  SupportCategoriesDocument,
  SupportQueueChangedDocument,
  SupportQueueDocument,
  TakeChatDocument,
  type SupportQueueChangedSubscription,
} from '@support/schema';
import { seedCatalog } from '../src/modules/catalog/catalog.seed.js';
import { seedHelpArticles } from '../src/modules/help/help.seed.js';
import { collect, errorCodes, execute, startTestServer, wsClient, wsExecuteOnce, type TestServer } from './harness.js';
import { loginAs } from './identity-helpers.js';

type Session = Awaited<ReturnType<typeof loginAs>>;
let api: TestServer;
let agent: Session;
let otherAgent: Session;
const leftovers: Array<() => unknown> = [];

beforeAll(async () => {
  api = await startTestServer();
  await seedCatalog(api.db.orm, api.config);
  await seedHelpArticles(api.db.orm, api.config);
  [agent, otherAgent] = await Promise.all([loginAs(api, ['AGENT']), loginAs(api, ['AGENT'])]);
});
afterAll(async () => {
  for (const dispose of leftovers.splice(0)) await dispose();
  await api?.close();
});

const as = (session: Session) => ({ token: session.accessToken });
const socketOf = (session: Session) => {
  const client = wsClient(api.wsUrl, { authorization: `Bearer ${session.accessToken}` });
  leftovers.push(() => client.dispose());
  return client;
};
/** Subscribes to supportQueueChanged and waits until the server has the subscription (graphql-ws acks nothing). */
async function followQueue(session: Session) {
  const { pubsub } = api.services;
  const listening = pubsub.whenListening('chat/support_changed', pubsub.listeners('chat/support_changed') + 1);
  const events = collect(socketOf(session), SupportQueueChangedDocument);
  leftovers.push(events.dispose);
  await listening;
  return events;
}
/** The events about one chat, as [supportState, assigneeId, ticketId] — what a queue screen would redraw. */
const statesOf = (results: SupportQueueChangedSubscription[], chatId: string) =>
  results
    .map((result) => result.supportQueueChanged)
    .filter((chat) => chat.id === chatId)
    .map((chat) => [chat.supportState, chat.assigneeId, chat.ticketId]);

describe('the support queue for staff', () => {
  it('tells staff live when a chat is handed over, answered, taken and turned into an appeal', async () => {
    const events = await followQueue(agent);
    const customer = await loginAs(api, ['CUSTOMER']);
    const chat = (await execute(api.graphqlUrl, StartSupportChatDocument, { text: 'Как вернуть товар?' }, as(customer)))
      .data!.startSupportChat;
    expect(chat).toMatchObject({ supportState: 'BOT', assigneeId: null });
    await events.waitFor(1);
    expect(statesOf(events.results, chat.id)).toEqual([['BOT', null, null]]);

    await execute(api.graphqlUrl, RequestHumanDocument, { chatId: chat.id }, as(customer));
    await events.waitUntil((results) => isDeepStrictEqual(statesOf(results, chat.id).at(-1), ['QUEUED', null, null]));
    const queued = (await execute(api.graphqlUrl, SupportQueueDocument, {}, as(agent))).data!.supportQueue.nodes;
    expect(queued.map((c) => c.id)).toContain(chat.id);

    const taken = await execute(api.graphqlUrl, TakeChatDocument, { chatId: chat.id }, as(agent));
    expect(taken.data?.takeChat).toMatchObject({ supportState: 'ASSIGNED', assigneeId: agent.user.id });
    await events.waitUntil((results) =>
      isDeepStrictEqual(statesOf(results, chat.id).at(-1), ['ASSIGNED', agent.user.id, null]),
    );
    const mine = (await execute(api.graphqlUrl, SupportQueueDocument, { mine: true }, as(agent))).data!.supportQueue
      .nodes;
    expect(mine.map((c) => c.id)).toContain(chat.id);
    const queuedAfter = (await execute(api.graphqlUrl, SupportQueueDocument, {}, as(otherAgent))).data!.supportQueue
      .nodes;
    expect(queuedAfter.map((c) => c.id)).not.toContain(chat.id);

    const sent = await execute(
      api.graphqlUrl,
      SendMessageDocument,
      { input: { chatId: chat.id, text: 'Спасибо, жду', clientMessageId: randomUUID() } },
      as(customer),
    );
    expect(sent.errors).toBeUndefined();
    await events.waitUntil((results) =>
      results.some((r) => r.supportQueueChanged.lastMessage?.text === 'Спасибо, жду'),
    );

    const delivery = (await execute(api.graphqlUrl, SupportCategoriesDocument, {})).data!.supportCategories.find(
      (c) => c.titleEn === 'Delivery',
    )!;
    const ticket = (
      await execute(
        api.graphqlUrl,
        ConvertChatToTicketDocument,
        { chatId: chat.id, input: { categoryId: delivery.id, otherSubject: 'Возврат' } },
        as(agent),
      )
    ).data!.convertChatToTicket;
    await events.waitUntil((results) =>
      isDeepStrictEqual(statesOf(results, chat.id).at(-1), ['ASSIGNED', agent.user.id, ticket.id]),
    );
  });

  it('hears nothing of buyer–seller chats, and is refused to customers', async () => {
    const customer = await loginAs(api, ['CUSTOMER']);
    const refused = await wsExecuteOnce(socketOf(customer), SupportQueueChangedDocument);
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);

    const events = await followQueue(otherAgent);
    const seller = await loginAs(api, ['SELLER']);
    const started = await execute(
      api.graphqlUrl,
      StartChatDocument,
      { input: { sellerId: seller.user.id, productId: 'p-1', text: 'Есть ли размер M?' } },
      as(customer),
    );
    expect(started.errors).toBeUndefined();
    const support = (await execute(api.graphqlUrl, StartSupportChatDocument, { text: 'Ыыы непонятное' }, as(customer)))
      .data!.startSupportChat;
    // A second support chat: once its event is there, one about the buyer–seller chat would have come first.
    const another = await loginAs(api, ['CUSTOMER']);
    const second = (await execute(api.graphqlUrl, StartSupportChatDocument, { text: 'Вопрос' }, as(another))).data!
      .startSupportChat;
    await events.waitUntil((results) => results.some((r) => r.supportQueueChanged.id === second.id));
    expect(events.results.map((r) => r.supportQueueChanged.id)).toEqual([support.id, second.id]);
  });
});
