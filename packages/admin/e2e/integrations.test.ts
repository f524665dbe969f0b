import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject } from 'vitest';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import type { Page } from 'playwright-core';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  ApiKeysDocument,
  CreateTicketDocument,
  GrantRoleDocument,
  RefreshSessionDocument,
  RequestLoginCodeDocument,
  SupportCategoriesDocument,
  TicketEventsDocument,
  VerifyLoginCodeDocument,
  WebhooksDocument,
} from '@support/schema';
import { phones } from './accounts';
import { saveScreenshot } from './browser';
import { logIn, readLoginCode, readStoredSession, test } from './fixtures';

const baseUrl = inject('baseUrl');

interface ApiResult<TResult> {
  status: number;
  data?: TResult | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/** Sends one operation over HTTP as an outside system would: with a bearer token or an x-api-key. */
async function request<TResult, TVariables>(
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  auth: { token?: string; apiKey?: string } = {},
): Promise<ApiResult<TResult>> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(auth.token ? { authorization: `Bearer ${auth.token}` } : {}),
      ...(auth.apiKey ? { 'x-api-key': auth.apiKey } : {}),
    },
    body: JSON.stringify({ query: print(document), variables }),
  });
  return { status: response.status, ...((await response.json()) as Omit<ApiResult<TResult>, 'status'>) };
}

/** Like `request`, but fails the test on any GraphQL error. */
async function callApi<TResult, TVariables>(
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  auth: { token?: string; apiKey?: string } = {},
): Promise<TResult> {
  const result = await request(document, variables, auth);
  if (result.errors?.length || !result.data) throw new Error(`API error: ${JSON.stringify(result.errors)}`);
  return result.data;
}

/** The buyer who files tickets here, later made an agent: logged in once through the API (one code a minute). */
let customer: { accessToken: string; refreshToken: string; userId: string };

async function fileTicket(description: string): Promise<{ id: string; number: string }> {
  const { supportCategories } = await callApi(
    SupportCategoriesDocument,
    { audience: 'BUYER' },
    { token: customer.accessToken },
  );
  const problem = supportCategories
    .flatMap((category) => category.problems)
    .find((candidate) => candidate.active && !candidate.requiresOrderNumber && !candidate.isOther);
  if (!problem) throw new Error('the demo catalog has no buyer problem without an order number');
  const { createTicket } = await callApi(
    CreateTicketDocument,
    { input: { problemId: problem.id, description, replyChannel: 'SMS', idempotencyKey: randomUUID() } },
    { token: customer.accessToken },
  );
  return createTicket;
}

/** A graphql-ws connection as an integrator opens one; resolves once the server accepts it, or with its close code. */
function connectWithKey(apiKey: string): Promise<{ client: Client; closeCode: number | null }> {
  return new Promise((resolve) => {
    const client = createClient({
      url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { 'x-api-key': apiKey },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => undefined,
    });
    client.on('connected', () => resolve({ client, closeCode: null }));
    client.on('closed', (event) => resolve({ client, closeCode: (event as CloseEvent).code }));
  });
}

const sockets: Client[] = [];

beforeAll(async () => {
  const phone = phones.areaAgents[3];
  const { requestLoginCode } = await callApi(RequestLoginCodeDocument, { input: { phone, channel: 'SMS' } });
  const { verifyLoginCode } = await callApi(VerifyLoginCodeDocument, {
    input: { challengeId: requestLoginCode.id, code: await readLoginCode(phone), platform: 'WEB' },
  });
  customer = {
    accessToken: verifyLoginCode.accessToken,
    refreshToken: verifyLoginCode.refreshToken,
    userId: verifyLoginCode.user.id,
  };
});
afterAll(async () => {
  for (const socket of sockets) await socket.dispose();
});

/** An admin's access token from the first test, for the last one (a phone gets one code a minute). */
let adminToken: string | null = null;

/** The panel's access token, to check through the API what the panel did. */
async function panelToken(page: Page): Promise<string> {
  const stored = await readStoredSession(page);
  if (!stored) throw new Error('the panel has no session');
  return stored.accessToken;
}

describe('API keys', () => {
  test('an admin creates a key and reads its secret once, the key works against the API, and after revoking in the panel it is refused', async ({
    page,
  }) => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    await logIn(page, phones.integrationsAdmins[1]);
    await page.getByRole('menuitem', { name: 'API-ключи' }).click();
    await page.waitForURL(/\/admin\/api-keys$/);
    adminToken = await panelToken(page);

    const name = `CRM ${randomUUID().slice(0, 8)}`;
    await page.getByRole('button', { name: 'Создать ключ' }).click();
    const form = page.getByRole('dialog', { name: 'Создать ключ' });
    await form.getByLabel(/^Название/).fill(name);
    await form.getByLabel(/^webhooks:manage/).check();
    expect(await form.getByLabel(/^tickets:read/).isChecked()).toBe(true);
    await form.getByRole('button', { name: 'Создать' }).click();

    // The secret, once, with a warning and a copy button.
    const dialog = page.getByRole('dialog', { name: `Секрет ключа «${name}»` });
    await dialog.getByText('Скопируйте секрет сейчас: он показан один раз.', { exact: false }).waitFor();
    const secret = await dialog.getByTestId('one-time-secret').inputValue();
    expect(secret).toMatch(/^sk_[0-9a-f]{12}_[\w-]{20,}$/);
    await dialog.getByRole('button', { name: 'Копировать' }).click();
    await page.getByText('Секрет скопирован').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await saveScreenshot(page, 'api-keys');
    await dialog.getByRole('button', { name: 'Я сохранил секрет' }).click();
    await dialog.waitFor({ state: 'detached' });

    // Listed by its prefix only; the secret is nowhere on the page, even after a reload.
    const row = page.getByRole('row').filter({ hasText: name });
    await row.getByText(`${secret.slice(0, 15)}_…`).waitFor();
    await row.getByText('Действует').waitFor();
    expect(await page.content()).not.toContain(secret);
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(secret);

    // The key works: webhooks:manage over HTTP, tickets:read as an event subscription that sees a new ticket.
    const listed = await request(WebhooksDocument, {}, { apiKey: secret });
    expect(listed.errors).toBeUndefined();
    expect(listed.data?.webhooks).toEqual([]);
    const connected = await connectWithKey(secret);
    sockets.push(connected.client);
    expect(connected.closeCode).toBeNull();
    // A ticket filed now reaches the key's subscription (replayed from the start of the event log).
    const filed = await fileTicket('Не могу войти в приложение: после обновления просит код повторно.');
    const numbers: string[] = [];
    connected.client.subscribe(
      { query: print(TicketEventsDocument), variables: { filter: { types: ['CREATED'] }, after: '0' } },
      {
        next: (value) => {
          const event = (value.data as { ticketEvents?: { ticket: { number: string } } } | undefined)?.ticketEvents;
          if (event) numbers.push(event.ticket.number);
        },
        error: () => undefined,
        complete: () => undefined,
      },
    );
    await expect.poll(() => numbers, { timeout: 15_000 }).toContain(filed.number);

    // Revoked in the panel, after a confirmation.
    await row.getByRole('button', { name: /^Отозвать/ }).click();
    const confirm = page.getByRole('dialog', { name: `Отозвать ключ «${name}»?` });
    await confirm.getByText('сразу потеряет доступ', { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'Отозвать' }).click();
    await page.getByText(`Ключ «${name}» отозван`).waitFor();
    await row.getByText(/^Отозван /).waitFor();
    expect(await row.getByRole('button', { name: /^Отозвать/ }).count()).toBe(0);

    // The API refuses it now, over HTTP and over graphql-ws.
    const refused = await request(WebhooksDocument, {}, { apiKey: secret });
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    const reconnect = await connectWithKey(secret);
    sockets.push(reconnect.client);
    expect(reconnect.closeCode).toBe(4403);
    const { apiKeys } = await callApi(ApiKeysDocument, {}, { token: await panelToken(page) });
    expect(apiKeys.find((key) => key.name === name)?.revokedAt).toBeTruthy();
  });
});

describe('webhooks', () => {
  interface Received {
    headers: IncomingHttpHeaders;
    body: string;
  }
  let receiver: Server;
  let receiverUrl: string;
  const received: Received[] = [];
  /** Status codes to answer with, in turn; then 200. */
  const answers: number[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        const status = answers.shift() ?? 200;
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'accepted' : 'try later');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/support-hooks`;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  test('an admin registers a webhook, a filed ticket shows in its delivery log with status, attempts and response code, a failed delivery is sent again, and the webhook is disabled', async ({
    page,
  }) => {
    await logIn(page, phones.integrationsAdmins[2]);
    await page.getByRole('menuitem', { name: 'Вебхуки' }).click();
    await page.waitForURL(/\/admin\/webhooks$/);
    await page.getByRole('link', { name: 'Создать' }).click();

    // An address the API cannot take: the panel shows the API's own reason.
    await page.getByLabel(/^Адрес \(URL\)/).fill('http://[::1');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Проверьте поля формы. url — нужно: полный адрес http:// или https://.').waitFor();
    await page.getByText('нужно: полный адрес http:// или https://', { exact: true }).waitFor();
    await saveScreenshot(page, 'webhook-form-refused');

    await page.getByLabel(/^Адрес \(URL\)/).fill(receiverUrl);
    await page.getByLabel('Описание').fill('Хелпдеск партнёра');
    await page.getByRole('checkbox', { name: 'Создано' }).check();
    await page.getByRole('button', { name: 'Сохранить' }).click();
    const dialog = page.getByRole('dialog', { name: 'Секрет подписи вебхука' });
    const secret = await dialog.getByTestId('one-time-secret').inputValue();
    expect(secret).toMatch(/^whsec_/);
    await dialog.getByRole('button', { name: 'Я сохранил секрет' }).click();
    await page.waitForURL(/\/admin\/webhooks\/[0-9a-f-]{36}\/show$/);
    await page.getByText('Доставок пока нет.').waitFor();

    // The receiver fails the first attempt: the log shows it waiting for a retry, with the answer's code.
    answers.push(503);
    const ticket = await fileTicket('Курьер не приехал в выбранный интервал, заказ не доставлен.');
    await expect.poll(() => received.length, { timeout: 15_000 }).toBe(1);
    const [first] = received;
    const timestamp = first!.headers['x-webhook-timestamp'];
    expect(first!.headers['x-webhook-signature']).toBe(
      `v1=${createHmac('sha256', secret)
        .update(`${String(timestamp)}.${first!.body}`)
        .digest('hex')}`,
    );
    expect(JSON.parse(first!.body)).toMatchObject({ event: { type: 'CREATED', ticket: { number: ticket.number } } });

    const row = page.locator('tr[data-delivery-id]').filter({ hasText: `обращение ${ticket.number}` });
    await row.getByText('Ожидает').waitFor({ timeout: 15_000 });
    await row.getByRole('cell', { name: '503', exact: true }).waitFor();
    await row.getByText('try later').waitFor();
    expect(await row.getByRole('cell', { name: '1', exact: true }).count()).toBe(1);

    // Sent again by hand, with the same delivery id: delivered, the second attempt, answered 200.
    await row.getByRole('button', { name: 'Отправить снова' }).click();
    await page.getByText('Доставка поставлена в очередь', { exact: false }).waitFor();
    await expect.poll(() => received.length, { timeout: 15_000 }).toBe(2);
    expect(received[1]!.headers['x-webhook-delivery-id']).toBe(first!.headers['x-webhook-delivery-id']);
    await row.getByText('Доставлена').first().waitFor({ timeout: 15_000 });
    await row.getByRole('cell', { name: '200', exact: true }).waitFor();
    await row.getByRole('cell', { name: '2', exact: true }).waitFor();
    await row.getByText('accepted').waitFor();
    await saveScreenshot(page, 'webhook-deliveries');

    // Disabled in the panel: the API has it off.
    await page.getByRole('button', { name: 'Выключить' }).click();
    await page.getByText('Вебхук выключен', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Включить' }).waitFor();
    const { webhooks } = await callApi(WebhooksDocument, {}, { token: await panelToken(page) });
    expect(webhooks.find((webhook) => webhook.url === receiverUrl)?.active).toBe(false);
  });
});

describe('an agent', () => {
  test('is shown neither webhooks, API keys nor help articles, and the API refuses the keys to them', async ({
    page,
  }) => {
    // An admin makes the buyer of this file an agent; the refreshed session carries the new role.
    if (!adminToken) throw new Error('the first test did not log an admin in');
    await callApi(GrantRoleDocument, { input: { userId: customer.userId, role: 'AGENT' } }, { token: adminToken });
    const { refreshSession } = await callApi(RefreshSessionDocument, { refreshToken: customer.refreshToken });
    expect(refreshSession.user.roles).toContain('AGENT');
    const refused = await request(ApiKeysDocument, {}, { token: refreshSession.accessToken });
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');

    // The agent's panel (the session put where the panel keeps it).
    const stored = {
      accessToken: refreshSession.accessToken,
      refreshToken: refreshSession.refreshToken,
      expiresAt: Date.parse(refreshSession.expiresAt),
      obtainedAt: Date.now(),
      user: { id: customer.userId, roles: refreshSession.user.roles, displayName: 'Агент' },
    };
    await page.addInitScript((value) => localStorage.setItem('support.session', value), JSON.stringify(stored));
    await page.goto(`${baseUrl}/admin/`);
    await page.getByRole('menuitem', { name: 'Обращения' }).waitFor();
    for (const name of ['Вебхуки', 'API-ключи', 'Статьи помощи']) {
      expect(await page.getByRole('menuitem', { name }).count()).toBe(0);
    }
    await page.goto(`${baseUrl}/admin/api-keys`);
    await page.getByRole('menuitem', { name: 'Обращения' }).waitFor();
    expect(await page.getByRole('button', { name: 'Создать ключ' }).count()).toBe(0);
  });
});
