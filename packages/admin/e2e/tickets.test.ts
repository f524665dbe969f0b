import { randomUUID } from 'node:crypto';
import { describe, expect, inject } from 'vitest';
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  CreateTicketDocument,
  RequestLoginCodeDocument,
  SupportCategoriesDocument,
  VerifyLoginCodeDocument,
} from '@support/schema';
import { phones } from './accounts';
import { saveScreenshot } from './browser';
import { logIn, readLoginCode, test } from './fixtures';

const baseUrl = inject('baseUrl');

/** Calls the API directly, as the marketplace app would; fails the test on any GraphQL error. */
async function callApi<TResult, TVariables>(
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  accessToken?: string,
): Promise<TResult> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}) },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data?: TResult; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(`API error: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Logs a buyer in through the API (the code read from the development outbox); returns the access token. */
async function logInCustomer(phone: string): Promise<string> {
  const { requestLoginCode } = await callApi(RequestLoginCodeDocument, { input: { phone, channel: 'SMS' } });
  const code = await readLoginCode(phone);
  const { verifyLoginCode } = await callApi(VerifyLoginCodeDocument, {
    input: { challengeId: requestLoginCode.id, code, platform: 'WEB' },
  });
  return verifyLoginCode.accessToken;
}

/** Files a ticket as the buyer, for a demo problem that needs no order number; returns its number. */
async function fileTicket(accessToken: string, description: string): Promise<string> {
  const { supportCategories } = await callApi(SupportCategoriesDocument, { audience: 'BUYER' }, accessToken);
  const problem = supportCategories
    .flatMap((category) => category.problems)
    .find((candidate) => candidate.active && !candidate.requiresOrderNumber && !candidate.isOther);
  if (!problem) throw new Error('the demo catalog has no buyer problem without an order number');
  const { createTicket } = await callApi(
    CreateTicketDocument,
    { input: { problemId: problem.id, description, replyChannel: 'SMS', idempotencyKey: randomUUID() } },
    accessToken,
  );
  return createTicket.number;
}

describe('tickets', () => {
  test('an agent sees a new ticket appear without a reload, finds it by number, replies, adds a note, takes it, escalates it and changes its status while the history grows', async ({
    page,
  }) => {
    // The list subscribes to ticket events over graphql-ws; note when the subscription is sent.
    const subscribed = new Promise<void>((resolve) => {
      page.on('websocket', (socket) => {
        socket.on('framesent', (frame) => {
          if (typeof frame.payload === 'string' && frame.payload.includes('"subscribe"')) resolve();
        });
      });
    });
    await logIn(page, phones.extraStaff[3]);
    await page.getByRole('menuitem', { name: 'Обращения' }).click();
    await page.waitForURL(/\/admin\/tickets/);
    await Promise.race([
      subscribed,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('the list did not subscribe to ticket events')), 15_000),
      ),
    ]);
    await page.waitForTimeout(500);

    const customer = await logInCustomer(phones.newCustomer);
    const first = await fileTicket(customer, 'Пункт выдачи закрыт в рабочее время, заказ забрать не удалось.');
    await page.getByRole('cell', { name: first, exact: true }).waitFor();
    const second = await fileTicket(customer, 'В пункте выдачи не нашли мой заказ, попросили прийти завтра.');
    await page.getByRole('cell', { name: second, exact: true }).waitFor();
    await saveScreenshot(page, 'tickets-list');

    await page.getByLabel('Номер', { exact: true }).fill(first);
    await page.getByRole('cell', { name: second, exact: true }).waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: first, exact: true }).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(1);

    await page.getByRole('cell', { name: first, exact: true }).click();
    await page.getByText(`Обращение № ${first}`).first().waitFor();
    const history = page.getByTestId('history').locator('li');
    await history.first().waitFor();
    const before = await history.count();

    const reply = 'Здравствуйте! Проверяем пункт выдачи, ответим в течение дня.';
    await page.getByLabel('Текст ответа или заметки').fill(reply);
    await page.getByRole('button', { name: 'Ответить клиенту' }).click();
    await page.getByTestId('conversation').getByText(reply).waitFor();
    await expect.poll(() => history.count()).toBeGreaterThan(before);

    const note = 'Внутренняя заметка: уточнить у пункта выдачи часы работы.';
    await page.getByLabel('Текст ответа или заметки').fill(note);
    await page.getByRole('button', { name: 'Добавить заметку' }).click();
    const noteCard = page.locator('[data-internal="true"]', { hasText: note });
    await noteCard.waitFor();
    expect(await page.locator('[data-internal="false"]', { hasText: reply }).count()).toBe(1);
    await page.getByTestId('history').getByText('Внутренняя заметка').waitFor();

    await page.getByRole('button', { name: 'Взять себе' }).click();
    await page.getByTestId('history').getByText('Назначен исполнитель').waitFor();
    // Details read as sentences with names, not ids.
    await page.getByTestId('history').getByText('Исполнитель: Пользователь 0014.').waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Взять себе' }).isDisabled()).toBe(true);

    await page.getByRole('button', { name: 'Эскалировать' }).click();
    await page.getByTestId('history').getByText('Эскалация').waitFor();
    const afterReply = await history.count();

    await page.getByLabel('Новый статус').click();
    const option = page.getByRole('option').first();
    const newStatus = (await option.textContent()) ?? '';
    await option.click();
    await page.getByRole('button', { name: 'Сменить статус' }).click();
    await expect.poll(() => history.count()).toBeGreaterThan(afterReply);
    await page.getByTestId('history').getByText('Статус изменён').first().waitFor();
    await page.getByTestId('history').getByText(`→ ${newStatus}.`).first().waitFor();
    await page.locator('.MuiChip-label', { hasText: newStatus }).first().waitFor();
    await saveScreenshot(page, 'ticket-show');
  });
});
