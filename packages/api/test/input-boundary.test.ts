import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import {
  CreateTicketDocument,
  MessageAddedDocument,
  RequestWithdrawalDocument,
  StartSupportChatDocument,
  SupportCategoriesDocument,
} from '@support/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCatalog } from '../src/modules/catalog/catalog.seed.js';
import { errorCodes, execute, startTestServer, wsClient, wsExecuteOnce, type TestServer } from './harness.js';
import { loginAs } from './identity-helpers.js';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5b1c8c20000000049454e44ae426082',
  'hex',
);

let api: TestServer;
type Session = Awaited<ReturnType<typeof loginAs>>;
let customer: Session;
let seller: Session;
let admin: Session;

beforeAll(async () => {
  api = await startTestServer({ env: { WS_MAX_SUBSCRIPTIONS_PER_SOCKET: '3', WS_MAX_SOCKETS_PER_USER: '2' } });
  await seedCatalog(api.db.orm, api.config);
  [customer, seller, admin] = await Promise.all([
    loginAs(api, ['CUSTOMER']),
    loginAs(api, ['CUSTOMER', 'SELLER']),
    loginAs(api, ['ADMIN']),
  ]);
});
afterAll(async () => {
  await api?.close();
});

const as = (session: Session, language = 'en') => ({
  token: session.accessToken,
  headers: { 'accept-language': language },
});

async function post(session: Session, query: string, variables?: Record<string, unknown>, language = 'en') {
  const response = await fetch(api.graphqlUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${session.accessToken}`,
      'accept-language': language,
    },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { errors?: Array<{ message: string; extensions: Record<string, unknown> }> },
  };
}

describe('one input boundary for both transports', () => {
  it('refuses NUL and lone surrogates inline and in variables, naming the field, over HTTP', async () => {
    const inline = await post(customer, 'mutation { startSupportChat(text: "a\\u0000b") { id } }');
    const variable = await post(customer, 'mutation($t: String!) { startSupportChat(text: $t) { id } }', {
      t: 'ab\ud800cd',
    });
    expect(inline.status).toBe(400);
    expect(inline.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'text', rule: 'noNullCharacter' }],
    });
    expect(variable.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'text', rule: 'wellFormedUnicode' }],
    });
    // Nothing was written: no chat was started by either request.
    expect(await api.db.orm.em.fork().execute('select id from chat')).toEqual([]);
  });

  it('refuses the same over graphql-ws, in the reader’s language (Russian unless the socket asked otherwise)', async () => {
    const client = wsClient(api.wsUrl, { authorization: `Bearer ${customer.accessToken}` });
    try {
      const result = await wsExecuteOnce(client, StartSupportChatDocument, { text: 'a\u0000b' });
      const error = result.errors?.[0] as unknown as { extensions: Record<string, unknown> };
      expect(error.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fieldErrors: [{ field: 'text', rule: 'noNullCharacter' }],
        fields: { text: 'не должно содержать символ NUL (U+0000)' },
      });
    } finally {
      await client.dispose();
    }
  });

  it('writes field messages in Russian by default and in English on request, with the rule in machine form', async () => {
    const input = {
      problemId: randomUUID(),
      description: 'Коротко',
      replyChannel: 'PUSH',
      idempotencyKey: 'short',
      orderNumber: '555',
    } as const;
    const ru = await execute(api.graphqlUrl, CreateTicketDocument, { input }, as(customer, 'ru'));
    const en = await execute(api.graphqlUrl, CreateTicketDocument, { input }, as(customer, 'en'));
    expect(ru.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { description: 'не короче 10 симв.', orderNumber: 'не короче 5 симв.' },
    });
    expect(en.errors?.[0]?.extensions).toMatchObject({
      fields: { description: 'at least 10 characters', orderNumber: 'at least 5 characters' },
    });
    expect(en.errors?.[0]?.extensions?.['fieldErrors']).toEqual(
      expect.arrayContaining([
        { field: 'description', rule: 'minLength', min: 10 },
        { field: 'orderNumber', rule: 'minLength', min: 5 },
        { field: 'idempotencyKey', rule: 'format', format: 'key' },
      ]),
    );
  });

  it('refuses an amount over the money maximum written inline as it does in a variable', async () => {
    const query = (amount: string) =>
      `mutation { requestWithdrawal(input: { amount: ${amount}, idempotencyKey: "${randomUUID()}", destination: { kind: CARD } }) { id } }`;
    const inline = await post(customer, query('"9999999999999999999"'));
    const variable = await execute(
      api.graphqlUrl,
      RequestWithdrawalDocument,
      { input: { amount: '9223372036854775807', idempotencyKey: randomUUID(), destination: { kind: 'CARD' } } },
      as(customer),
    );
    const rule = { field: 'input.amount', rule: 'range', min: '-1000000000000', max: '1000000000000' };
    expect(inline.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors: [rule] });
    expect(variable.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors: [rule] });
  });

  it('checks the shape of a withdrawal before the state: a negative amount before the missing card', async () => {
    const refused = await execute(
      api.graphqlUrl,
      RequestWithdrawalDocument,
      { input: { amount: '-100', idempotencyKey: randomUUID(), destination: { kind: 'CARD' } } },
      as(customer),
    );
    expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors?.[0]?.extensions?.['fieldErrors']).toEqual([{ field: 'amount', rule: 'min', min: 1 }]);
    const noCard = await execute(
      api.graphqlUrl,
      RequestWithdrawalDocument,
      { input: { amount: '10000', idempotencyKey: randomUUID(), destination: { kind: 'CARD' } } },
      as(customer),
    );
    expect(errorCodes(noCard)).toEqual(['CARD_REQUIRED']);
  });

  it('refuses a date the database cannot hold, and a cursor that is not one', async () => {
    const calendar = await post(admin, '{ businessCalendar(from: "0000-01-01", to: "2026-01-01") { date } }');
    expect(calendar.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'from', rule: 'range', min: '1900-01-01', max: '2999-12-31' }],
    });
    const chats = await post(customer, '{ chats(tab: SUPPORT, after: "x") { nodes { id } } }');
    expect(chats.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'after', rule: 'format', format: 'cursor' }],
    });
  });
});

describe('appeals', () => {
  it('draws a ticket number only for an appeal that is stored: a refused one leaves no gap', async () => {
    const categories = (await execute(api.graphqlUrl, SupportCategoriesDocument, {}, as(customer))).data!
      .supportCategories;
    const problem = categories.flatMap((category) => category.problems).find((p) => !p.requiresOrderNumber)!;
    const file = (attachmentIds: string[]) =>
      execute(
        api.graphqlUrl,
        CreateTicketDocument,
        {
          input: {
            problemId: problem.id,
            ...(problem.isOther ? { otherSubject: 'Вопрос' } : {}),
            description: 'Не могу найти свой заказ в приложении',
            replyChannel: 'PUSH',
            idempotencyKey: randomUUID(),
            attachmentIds,
          },
        },
        as(customer),
      );
    const first = (await file([])).data!.createTicket.number;
    expect(errorCodes(await file([randomUUID()]))).toEqual(['BAD_USER_INPUT']);
    const second = (await file([])).data!.createTicket.number;
    expect(Number(second.slice(-7))).toBe(Number(first.slice(-7)) + 1);
  });

  it('refuses a problem named with a category that does not hold it', async () => {
    const categories = (await execute(api.graphqlUrl, SupportCategoriesDocument, {}, as(customer))).data!
      .supportCategories;
    const [one, other] = categories;
    const problem = one!.problems.find((p) => !p.isOther)!;
    const result = await execute(
      api.graphqlUrl,
      CreateTicketDocument,
      {
        input: {
          categoryId: other!.id,
          problemId: problem.id,
          orderNumber: '12345678',
          description: 'Не могу найти свой заказ в приложении',
          replyChannel: 'PUSH',
          idempotencyKey: randomUUID(),
        },
      },
      as(customer),
    );
    expect(errorCodes(result)).toEqual(['CATEGORY_PROBLEM_MISMATCH']);
  });

  it('shows a caller without an audience only what they may file', async () => {
    const audiences = async (session: Session) =>
      new Set(
        (await execute(api.graphqlUrl, SupportCategoriesDocument, {}, as(session))).data!.supportCategories.flatMap(
          (category) => category.problems.filter((problem) => !problem.isOther).map((problem) => problem.audience),
        ),
      );
    expect(await audiences(customer)).not.toContain('SELLER');
    expect(await audiences(seller)).toContain('SELLER');
  });

  it('stores a raw UTF-8 X-File-Name as written, and refuses one with control characters', async () => {
    const send = (name: string) =>
      fetch(`${api.httpUrl}/uploads`, {
        method: 'POST',
        headers: { authorization: `Bearer ${customer.accessToken}`, 'x-file-name': name },
        body: new Uint8Array(PNG),
      });
    const raw = await send(Buffer.from('фото заказа.png', 'utf8').toString('latin1'));
    expect(raw.status).toBe(201);
    expect(((await raw.json()) as { fileName: string }).fileName).toBe('фото заказа.png');
    const encoded = await send(encodeURIComponent('чек.png'));
    expect(((await encoded.json()) as { fileName: string }).fileName).toBe('чек.png');
    expect((await send('a%00b.png')).status).toBe(400);
  });
});

describe('graphql-ws limits', () => {
  const connect = async (session: Session) => {
    const socket = new WebSocket(api.wsUrl, 'graphql-transport-ws');
    const messages: Array<Record<string, unknown>> = [];
    const waiters: Array<() => void> = [];
    socket.addEventListener('message', (event) => {
      messages.push(JSON.parse(String(event.data)) as Record<string, unknown>);
      for (const wake of waiters.splice(0)) wake();
    });
    const closed = new Promise<number>((resolve) => socket.addEventListener('close', (event) => resolve(event.code)));
    await new Promise((resolve) => socket.addEventListener('open', resolve));
    socket.send(
      JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${session.accessToken}` } }),
    );
    const next = async (predicate: (message: Record<string, unknown>) => boolean) => {
      for (;;) {
        const found = messages.find(predicate);
        if (found) return found;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    };
    return { socket, closed, next };
  };

  it('closes a socket with 1009 when a message is over 1 MB, before parsing it', async () => {
    const { socket, closed, next } = await connect(customer);
    await next((message) => message['type'] === 'connection_ack');
    socket.send(
      JSON.stringify({ id: '1', type: 'subscribe', payload: { query: `{ me { id } } #${'x'.repeat(1_100_000)}` } }),
    );
    expect(await closed).toBe(1009);
  });

  it('gives an error for a subscription over the socket’s bound, and keeps the others', async () => {
    const { socket, next } = await connect(customer);
    await next((message) => message['type'] === 'connection_ack');
    const chat = (await execute(api.graphqlUrl, StartSupportChatDocument, { text: 'Где заказ?' }, as(customer))).data!
      .startSupportChat;
    const query = print(MessageAddedDocument);
    for (const id of ['1', '2', '3', '4']) {
      socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables: { chatId: chat.id } } }));
    }
    const refused = await next((message) => message['id'] === '4');
    expect(refused).toMatchObject({
      type: 'error',
      payload: [{ extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', max: 3 } }],
    });
    socket.close();
  });

  it('closes a socket over the account’s bound with 4429', async () => {
    const first = await connect(seller);
    const second = await connect(seller);
    await first.next((message) => message['type'] === 'connection_ack');
    await second.next((message) => message['type'] === 'connection_ack');
    const third = await connect(seller);
    expect(await third.closed).toBe(4429);
    first.socket.close();
    second.socket.close();
  });
});
