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

  it('answers every shape problem of a request at once, at the same paths over HTTP and graphql-ws, in ru and en', async () => {
    // A NUL (the Unicode walk), a malformed id in a list (ids), a short order number and a bad key (declared on
    // CreateTicketInput) and neither a problem nor a category (a rule between its fields): one answer.
    const input = {
      description: 'a\u0000b'.repeat(5),
      orderNumber: '555',
      attachmentIds: [randomUUID(), 'x'],
      replyChannel: 'PUSH' as const,
      idempotencyKey: 'short',
    };
    const expected = [
      { field: 'input.description', rule: 'noNullCharacter' },
      { field: 'input.attachmentIds.1', rule: 'format', format: 'id' },
      { field: 'input.orderNumber', rule: 'minLength', min: 5 },
      { field: 'input.idempotencyKey', rule: 'format', format: 'key' },
      { field: 'input.problemId', rule: 'requiredWithout', other: 'categoryId' },
    ];
    const ticketsOf = () =>
      api.db.orm.em.fork().execute('select id from ticket where customer_id = ?', [customer.user.id]);
    const before = await ticketsOf();
    const overHttp = await execute(api.graphqlUrl, CreateTicketDocument, { input }, as(customer, 'en'));
    const client = wsClient(api.wsUrl, { authorization: `Bearer ${customer.accessToken}` });
    const overSocket = await wsExecuteOnce(client, CreateTicketDocument, { input }).finally(() => client.dispose());
    for (const result of [overHttp, overSocket]) {
      expect(result.errors).toHaveLength(1);
      const extensions = result.errors?.[0]?.extensions as Record<string, unknown>;
      expect(extensions['code']).toBe('BAD_USER_INPUT');
      expect(extensions['fieldErrors']).toHaveLength(expected.length);
      expect(extensions['fieldErrors']).toEqual(expect.arrayContaining(expected));
    }
    expect((overHttp.errors?.[0]?.extensions as Record<string, unknown>)['fields']).toMatchObject({
      'input.orderNumber': 'at least 5 characters',
      'input.problemId': 'required unless categoryId is given',
    });
    // graphql-ws: Russian unless the socket asked otherwise.
    expect((overSocket.errors?.[0]?.extensions as Record<string, unknown>)['fields']).toMatchObject({
      'input.orderNumber': 'не короче 5 симв.',
      'input.problemId': 'обязательно, если не указано categoryId',
    });
    expect(await ticketsOf()).toEqual(before);
  });

  it('answers a document that does not fit the schema as such, before the rules of its values', async () => {
    const query = 'mutation { startSupportChat(text: "a\\u0000b") { id noSuchField } }';
    const overHttp = await post(customer, query);
    const client = wsClient(api.wsUrl, { authorization: `Bearer ${customer.accessToken}` });
    const overSocket = await new Promise<unknown>((resolve) =>
      client.subscribe({ query }, { next: () => undefined, error: resolve, complete: () => resolve(null) }),
    ).finally(() => client.dispose());
    expect(overHttp.body.errors?.[0]?.extensions['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(overSocket).toMatchObject([{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }]);
  });

  it('checks the rules between fields declared on an input with its other rules, before any state', async () => {
    const withdraw = (destination: Record<string, unknown>, amount = '100') =>
      post(customer, 'mutation($input: RequestWithdrawalInput!) { requestWithdrawal(input: $input) { id } }', {
        input: { amount, idempotencyKey: randomUUID(), destination },
      });
    // The customer has no card: the shape is refused first, every problem at once.
    const bank = await withdraw({ kind: 'BANK_ACCOUNT', bik: ' ' }, '-5');
    expect(bank.body.errors?.[0]?.extensions['fieldErrors']).toEqual([
      { field: 'input.amount', rule: 'min', min: 1 },
      { field: 'input.destination.recipientName', rule: 'required' },
      { field: 'input.destination.bik', rule: 'required' },
      { field: 'input.destination.accountNumber', rule: 'required' },
    ]);
    const card = await withdraw({ kind: 'CARD', bik: '044525225' });
    expect(card.body.errors?.[0]?.extensions['fieldErrors']).toEqual([
      { field: 'input.destination', rule: 'format', format: 'emptyForCard' },
    ]);
    const phone = await post(admin, 'query($p: String) { cardApplications(phone: $p) { nodes { id } } }', {
      p: '+7 9',
    });
    expect(phone.body.errors?.[0]?.extensions['fieldErrors']).toEqual([{ field: 'phone', rule: 'minDigits', min: 4 }]);
    const reject = await post(
      admin,
      `mutation { decideCardApplication(id: "${randomUUID()}", decision: REJECTED, reason: "  ") { id } }`,
    );
    const calendar = await post(admin, '{ businessCalendar(from: "2026-02-01", to: "2026-01-01") { date } }');
    expect(calendar.body.errors?.[0]?.extensions['fieldErrors']).toEqual([
      { field: 'from', rule: 'before', other: 'to' },
    ]);
    // Refused for its shape before the (unknown) application is looked up.
    expect(reject.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'reason', rule: 'required' }],
    });
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
      fields: { 'input.description': 'не короче 10 симв.', 'input.orderNumber': 'не короче 5 симв.' },
    });
    expect(en.errors?.[0]?.extensions).toMatchObject({
      fields: { 'input.description': 'at least 10 characters', 'input.orderNumber': 'at least 5 characters' },
    });
    expect(en.errors?.[0]?.extensions?.['fieldErrors']).toEqual(
      expect.arrayContaining([
        { field: 'input.description', rule: 'minLength', min: 10 },
        { field: 'input.orderNumber', rule: 'minLength', min: 5 },
        { field: 'input.idempotencyKey', rule: 'format', format: 'key' },
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
    expect(refused.errors?.[0]?.extensions?.['fieldErrors']).toEqual([{ field: 'input.amount', rule: 'min', min: 1 }]);
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

describe('every reproduction of issue 15, sent as an attacker would', () => {
  const fieldErrors = (body: { errors?: Array<{ extensions: Record<string, unknown> }> }) =>
    body.errors?.[0]?.extensions['fieldErrors'] as Array<Record<string, unknown>> | undefined;
  const count = async (table: string) =>
    Number((await api.db.orm.em.fork().execute(`select count(*) as n from ${table}`))[0]!['n']);

  it('refuses a NUL byte in every text it was seen in, naming the field, and writes nothing', async () => {
    const id = randomUUID();
    const cases: Array<[Session, string, Record<string, unknown>, string]> = [
      [
        customer,
        'mutation($input: CreateTicketInput!) { createTicket(input: $input) { id } }',
        {
          input: {
            problemId: id,
            description: 'a\u0000b'.repeat(5),
            replyChannel: 'PUSH',
            idempotencyKey: randomUUID(),
          },
        },
        'input.description',
      ],
      [
        customer,
        'mutation($input: TicketMessageInput!) { addTicketMessage(input: $input) { id } }',
        { input: { ticketId: id, body: 'a\u0000b' } },
        'input.body',
      ],
      [
        customer,
        'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
        { input: { chatId: id, text: 'a\u0000b', clientMessageId: randomUUID() } },
        'input.text',
      ],
      [customer, 'query($n: String!) { ticketByNumber(number: $n) { id } }', { n: 'T-\u0000' }, 'n'],
      [
        customer,
        'mutation($input: RegisterDeviceInput!) { registerDevice(input: $input) { id } }',
        { input: { platform: 'ANDROID', token: 'a\u0000b' } },
        'input.token',
      ],
      [
        customer,
        'mutation($input: ApplyForCardInput!) { applyForCard(input: $input) { id } }',
        { input: { email: 'a\u0000b@example.ru', codeWord: 'зелёная ёлка' } },
        'input.email',
      ],
      [
        admin,
        'mutation($input: CreditWalletInput!) { creditWallet(input: $input) { balance } }',
        { input: { userId: customer.user.id, amount: '100', reason: 'a\u0000b', idempotencyKey: randomUUID() } },
        'input.reason',
      ],
    ];
    const before = await Promise.all(['ticket', 'chat_message', 'push_device', 'card_application'].map(count));
    for (const [session, query, variables, field] of cases) {
      const { status, body } = await post(session, query, variables);
      expect(status, query).toBe(400);
      expect(body.errors?.[0]?.extensions['code'], query).toBe('BAD_USER_INPUT');
      expect(fieldErrors(body), query).toContainEqual({
        field: field === 'n' ? 'number' : field,
        rule: 'noNullCharacter',
      });
    }
    expect(await Promise.all(['ticket', 'chat_message', 'push_device', 'card_application'].map(count))).toEqual(before);
  });

  it('refuses a lone surrogate in every text it was seen in, naming the field', async () => {
    const lone = 'ab\ud800cd';
    const cases: Array<[Session, string, Record<string, unknown>, string]> = [
      [
        customer,
        'mutation($t: ID!, $r: String) { requestEscalation(ticketId: $t, reason: $r) { id } }',
        { t: randomUUID(), r: lone },
        'reason',
      ],
      [
        admin,
        'mutation($input: CreditWalletInput!) { creditWallet(input: $input) { balance } }',
        { input: { userId: customer.user.id, amount: '100', reason: lone, idempotencyKey: randomUUID() } },
        'input.reason',
      ],
      [
        admin,
        'mutation($input: CreateSupportCategoryInput!) { createSupportCategory(input: $input) { id } }',
        { input: { titleRu: lone, titleEn: 'Delivery', audience: 'ALL' } },
        'input.titleRu',
      ],
      [
        admin,
        'mutation($input: HotlineExceptionInput!) { setHotlineException(input: $input) { phone } }',
        { input: { date: '2026-12-31', note: lone } },
        'input.note',
      ],
      [
        admin,
        'mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret } }',
        { input: { url: 'https://example.com/hook', description: lone } },
        'input.description',
      ],
    ];
    for (const [session, query, variables, field] of cases) {
      const { status, body } = await post(session, query, variables);
      expect(status, query).toBe(400);
      expect(fieldErrors(body), query).toEqual([{ field, rule: 'wellFormedUnicode' }]);
    }
  });

  it('refuses an over-large credit written inline as in a variable, and says the rule is the range', async () => {
    const inline = await post(
      admin,
      `mutation { creditWallet(input: { userId: "${customer.user.id}", amount: "9999999999999999999", reason: "r", idempotencyKey: "${randomUUID()}" }) { balance } }`,
    );
    const variable = await post(
      admin,
      'mutation($input: CreditWalletInput!) { creditWallet(input: $input) { balance } }',
      {
        input: { userId: customer.user.id, amount: '9223372036854775807', reason: 'r', idempotencyKey: randomUUID() },
      },
    );
    for (const { body } of [inline, variable]) {
      expect(body.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fieldErrors: [{ field: 'input.amount', rule: 'range', min: '-1000000000000', max: '1000000000000' }],
        fields: { 'input.amount': 'from -1000000000000 to 1000000000000' },
      });
    }
  });

  it('holds every size and count limit on the declared input: tags, attachments, chat text, search text', async () => {
    const tags = await post(
      admin,
      'mutation($id: ID!, $input: HelpArticleInput!) { updateHelpArticle(id: $id, input: $input) { id } }',
      {
        id: randomUUID(),
        input: {
          title: 'Доставка',
          body: 'Как отследить заказ и когда он приедет',
          tags: Array(25).fill('т'.repeat(45)),
        },
      },
    );
    expect(fieldErrors(tags.body)).toContainEqual({ field: 'input.tags', rule: 'maxItems', max: 20 });

    const tickets = await count('ticket');
    const file = (attachmentIds: string[]) =>
      post(customer, 'mutation($input: CreateTicketInput!) { createTicket(input: $input) { id } }', {
        input: {
          problemId: randomUUID(),
          description: 'Не могу найти свой заказ в приложении',
          replyChannel: 'PUSH',
          idempotencyKey: randomUUID(),
          attachmentIds,
        },
      });
    const invalid = await file(Array.from({ length: 51 }, (_, i) => `x${i}`));
    expect(invalid.status).toBe(400);
    // One answer: every malformed id and the count, together.
    expect(fieldErrors(invalid.body)).toHaveLength(52);
    expect(fieldErrors(invalid.body)?.[50]).toEqual({ field: 'input.attachmentIds.50', rule: 'format', format: 'id' });
    expect(fieldErrors(invalid.body)).toContainEqual({ field: 'input.attachmentIds', rule: 'maxItems', max: 5 });
    const many = await file(Array.from({ length: 51 }, () => randomUUID()));
    expect(fieldErrors(many.body)).toEqual([{ field: 'input.attachmentIds', rule: 'maxItems', max: 5 }]);
    expect(await count('ticket')).toBe(tickets);

    const chat = (text: string) =>
      post(customer, 'mutation($t: String!) { startSupportChat(text: $t) { id } }', { t: text });
    expect(fieldErrors((await chat('   \n ')).body)).toEqual([{ field: 'text', rule: 'required' }]);
    expect(fieldErrors((await chat('я'.repeat(4001))).body)).toEqual([{ field: 'text', rule: 'maxLength', max: 4000 }]);
    const search = await post(admin, 'query($f: UserFilterInput) { users(filter: $f) { nodes { id } } }', {
      f: { text: 'a'.repeat(101) },
    });
    expect(fieldErrors(search.body)).toEqual([{ field: 'filter.text', rule: 'maxLength', max: 100 }]);
  });

  it('names the real rule of an order number: its length for "555", its shape for "55a55"', async () => {
    const file = (orderNumber: string) =>
      post(customer, 'mutation($input: CreateTicketInput!) { createTicket(input: $input) { id } }', {
        input: {
          problemId: randomUUID(),
          description: 'Не могу найти свой заказ в приложении',
          replyChannel: 'PUSH',
          idempotencyKey: randomUUID(),
          orderNumber,
        },
      });
    expect(fieldErrors((await file('555')).body)).toEqual([{ field: 'input.orderNumber', rule: 'minLength', min: 5 }]);
    const shape = await file('55a55');
    expect(fieldErrors(shape.body)).toEqual([{ field: 'input.orderNumber', rule: 'format', format: 'orderNumber' }]);
    expect(shape.body.errors?.[0]?.extensions['fields']).toEqual({
      'input.orderNumber': 'must be digits and dashes, starting and ending with a digit, e.g. 12345678-0001',
    });
  });

  it('refuses a malformed id inline and in a variable alike, with its path, never looking it up', async () => {
    const inline = await post(customer, '{ ticket(id: "1 or 1=1") { id } }');
    const variable = await post(customer, 'query($id: ID!) { ticket(id: $id) { id } }', { id: 42 });
    for (const { status, body } of [inline, variable]) {
      expect(status).toBe(400);
      expect(body.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fieldErrors: [{ field: 'id', rule: 'format', format: 'id' }],
      });
    }
    const wrongType = await post(customer, 'query($n: String!) { ticketByNumber(number: $n) { id } }', { n: 5 });
    expect(fieldErrors(wrongType.body)).toEqual([{ field: 'number', rule: 'type', type: 'String!' }]);
  });
});
