import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateTicketDocument,
  CreateWebhookDocument,
  RetryWebhookDeliveryDocument,
  SupportCategoriesDocument,
  UpdateWebhookDocument,
  WebhookDeliveriesDocument,
} from '@support/schema';
import { seedCatalog } from '../src/modules/catalog/catalog.seed.js';
import { errorCodes, execute, startTestServer, type TestServer } from './harness.js';
import { loginAs } from './identity-helpers.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

let api: TestServer;
let admin: Session;
let customer: Session;
let problemId: string;
let receiver: Server;
let receiverUrl: string;

beforeAll(async () => {
  api = await startTestServer({ env: { WEBHOOK_POLL_MS: '100' } });
  await seedCatalog(api.db.orm, api.config);
  [admin, customer] = await Promise.all([loginAs(api, ['ADMIN']), loginAs(api, ['CUSTOMER'])]);
  const tree = (await execute(api.graphqlUrl, SupportCategoriesDocument, {})).data!.supportCategories;
  problemId = tree.flatMap((c) => c.problems).find((p) => p.titleEn === 'My order is late')!.id;
  receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200).end('thanks'));
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  await api?.close();
});

const as = (session: Session) => ({ token: session.accessToken });

async function fileTicket() {
  const result = await execute(
    api.graphqlUrl,
    CreateTicketDocument,
    {
      input: {
        problemId,
        orderNumber: `${Math.floor(10_000_000 + Math.random() * 89_999_999)}-0001`,
        description: 'Посылка задерживается уже на три дня, прошу помочь.',
        replyChannel: 'SMS',
        idempotencyKey: randomUUID(),
      },
    },
    as(customer),
  );
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.createTicket;
}

async function createWebhook(input: { url?: string; description?: string } = {}) {
  const result = await execute(
    api.graphqlUrl,
    CreateWebhookDocument,
    { input: { url: receiverUrl, eventTypes: ['CREATED'], ...input } },
    as(admin),
  );
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.createWebhook.webhook;
}

const deliveriesOf = async (webhookId: string) =>
  (await execute(api.graphqlUrl, WebhookDeliveriesDocument, { webhookId }, as(admin))).data!.webhookDeliveries.nodes;

/** Statements the API ran for one delivery-log request (the x-sql-statements header outside production). */
async function statementsForLog(webhookId: string): Promise<number> {
  const response = await fetch(api.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.accessToken}` },
    body: JSON.stringify({ query: print(WebhookDeliveriesDocument), variables: { webhookId } }),
  });
  const body = (await response.json()) as { errors?: unknown };
  expect(body.errors).toBeUndefined();
  return Number(response.headers.get('x-sql-statements'));
}

describe('the webhook delivery log', () => {
  it('names the event and the ticket of each delivery, in as many statements for many deliveries as for one', async () => {
    const webhook = await createWebhook();
    const first = await fileTicket();
    await expect.poll(async () => (await deliveriesOf(webhook.id))[0]?.status, { timeout: 10_000 }).toBe('DELIVERED');
    const [delivery] = await deliveriesOf(webhook.id);
    expect(delivery).toMatchObject({
      eventType: 'CREATED',
      ticketNumber: first.number,
      attempts: 1,
      lastStatusCode: 200,
      lastResponse: 'thanks',
    });
    const forOne = await statementsForLog(webhook.id);

    const more = [await fileTicket(), await fileTicket()];
    await expect.poll(async () => (await deliveriesOf(webhook.id)).length, { timeout: 10_000 }).toBe(3);
    const log = await deliveriesOf(webhook.id);
    expect(log.map((d) => d.ticketNumber).sort()).toEqual([first.number, ...more.map((t) => t.number)].sort());
    expect(await statementsForLog(webhook.id)).toBe(forOne);

    // A delivery sent again by hand still says what it carries.
    const retried = await execute(api.graphqlUrl, RetryWebhookDeliveryDocument, { id: delivery!.id }, as(admin));
    expect(retried.data?.retryWebhookDelivery).toMatchObject({
      id: delivery!.id,
      status: 'PENDING',
      eventType: 'CREATED',
      ticketNumber: first.number,
    });
  });
});

describe('updating a webhook', () => {
  it('changes and clears its description, and a disabled webhook gets no deliveries until enabled again', async () => {
    const webhook = await createWebhook({ description: 'CRM' });
    const update = (input: { description?: string; active?: boolean }) =>
      execute(api.graphqlUrl, UpdateWebhookDocument, { id: webhook.id, input }, as(admin));

    expect((await update({ description: '  Helpdesk bridge ' })).data?.updateWebhook.description).toBe(
      'Helpdesk bridge',
    );
    expect((await update({ active: false })).data?.updateWebhook).toMatchObject({
      active: false,
      description: 'Helpdesk bridge',
    });
    expect((await update({ description: '' })).data?.updateWebhook.description).toBeNull();

    // An active webhook beside it gets the event; the disabled one does not.
    const witness = await createWebhook();
    const missed = await fileTicket();
    await expect
      .poll(async () => (await deliveriesOf(witness.id)).map((d) => d.ticketNumber), { timeout: 10_000 })
      .toEqual([missed.number]);
    expect(await deliveriesOf(webhook.id)).toEqual([]);

    await update({ active: true });
    const ticket = await fileTicket();
    await expect
      .poll(async () => (await deliveriesOf(webhook.id)).map((d) => d.ticketNumber), { timeout: 10_000 })
      .toEqual([ticket.number]);
  });

  it('refuses a description over 200 characters and an update by a non-admin', async () => {
    const webhook = await createWebhook();
    const long = await execute(
      api.graphqlUrl,
      UpdateWebhookDocument,
      { id: webhook.id, input: { description: 'x'.repeat(201) } },
      as(admin),
    );
    expect(errorCodes(long)).toEqual(['BAD_USER_INPUT']);
    const byCustomer = await execute(
      api.graphqlUrl,
      UpdateWebhookDocument,
      { id: webhook.id, input: { description: 'mine now' } },
      as(customer),
    );
    expect(errorCodes(byCustomer)).toEqual(['FORBIDDEN']);
  });
});

describe('where webhooks may point', () => {
  it('refuses loopback and private addresses when private targets are blocked, saying which field', async () => {
    const strict = await startTestServer({ env: { WEBHOOK_ALLOW_PRIVATE: 'false' } });
    try {
      const strictAdmin = await loginAs(strict, ['ADMIN']);
      for (const url of ['http://127.0.0.1:9/hooks', 'http://localhost/hooks', 'http://10.1.2.3/hooks']) {
        const result = await execute(
          strict.graphqlUrl,
          CreateWebhookDocument,
          { input: { url } },
          { token: strictAdmin.accessToken },
        );
        expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
        expect(result.errors?.[0]?.message).toMatch(/cannot target internal addresses/);
        expect(result.errors?.[0]?.extensions?.['fieldErrors']).toEqual([
          { field: 'input.url', rule: 'format', format: 'publicUrl' },
        ]);
        // Without Accept-Language the field messages are Russian, the default.
        expect(result.errors?.[0]?.extensions?.['fields']).toEqual({
          'input.url': 'нужно: публичный адрес (не локальный и не частный)',
        });
      }
    } finally {
      await strict.close();
    }
  });
});
