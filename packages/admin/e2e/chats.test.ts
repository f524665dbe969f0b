import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import type { Page } from 'playwright-core';
import {
  ChatDocument,
  MessagesDocument,
  MyTicketsDocument,
  RequestHumanDocument,
  SendMessageDocument,
  StartSupportChatDocument,
} from '@support/schema';
import { phones } from './accounts';
import { saveScreenshot } from './browser';
import { logIn, test } from './fixtures';
import { callApi, logInThroughApi } from './operations-api';

/** A buyer with no account yet: created on this first login. */
const CUSTOMER_PHONE = '+79000000091';
const CUSTOMER_NAME = 'Пользователь 0091';

/** Notes every graphql-ws subscription the page sends, so that a test can wait until the page listens. */
function recordSubscriptions(page: Page) {
  const sent: string[] = [];
  page.on('websocket', (socket) => {
    socket.on('framesent', (frame) => {
      if (typeof frame.payload === 'string' && frame.payload.includes('"subscribe"')) sent.push(frame.payload);
    });
  });
  return {
    /** Resolves once a subscription whose query mentions `field` has been sent. */
    async waitFor(field: string): Promise<void> {
      await expect.poll(() => sent.some((payload) => payload.includes(field)), { timeout: 15_000 }).toBe(true);
      // The server registers the subscription a moment after the frame leaves (graphql-ws sends no ack).
      await page.waitForTimeout(300);
    },
  };
}

describe('support chats', () => {
  test('a customer who asks for a person appears in the queue without a reload; the agent takes the chat, answers, and turns it into a ticket', async ({
    page,
  }) => {
    const subscriptions = recordSubscriptions(page);
    await logIn(page, phones.operationsAdmins[0]);
    await page.getByRole('menuitem', { name: 'Чаты поддержки' }).click();
    await page.waitForURL(/\/admin\/chats/);
    await subscriptions.waitFor('supportQueueChanged');

    // The customer writes from the marketplace app and asks for a person.
    const customer = await logInThroughApi(CUSTOMER_PHONE);
    const { startSupportChat: chat } = await callApi(
      StartSupportChatDocument,
      { text: 'Здравствуйте! Пункт выдачи закрыт, а заказ нужно забрать сегодня.' },
      customer.accessToken,
    );
    await callApi(RequestHumanDocument, { chatId: chat.id }, customer.accessToken);

    const row = page.locator('tbody tr', { hasText: CUSTOMER_NAME });
    await row.waitFor();
    await row.getByText('Ждёт сотрудника').waitFor();
    await saveScreenshot(page, 'chats-queue');

    await row.getByRole('button', { name: 'Взять чат' }).click();
    await page.waitForURL(new RegExp(`/admin/chats/${chat.id}/show`));
    await page.getByText('Чат ведёте вы').waitFor();
    await page.locator('[data-state="ASSIGNED"]').waitFor();
    expect((await callApi(ChatDocument, { id: chat.id }, customer.accessToken)).chat.supportState).toBe('ASSIGNED');

    // The customer's new message shows up in the conversation without a reload.
    await subscriptions.waitFor('messageAdded');
    const conversation = page.getByTestId('conversation');
    const question = 'Пункт на Ленина, 5. Можно забрать завтра?';
    await callApi(
      SendMessageDocument,
      { input: { chatId: chat.id, text: question, clientMessageId: randomUUID() } },
      customer.accessToken,
    );
    await conversation.getByText(question).waitFor();

    const answer =
      'Да, заказ подождёт в пункте выдачи до конца недели. Я оформлю обращение, чтобы проверить часы работы.';
    await page.getByLabel('Ответ клиенту').fill(answer);
    await page.getByRole('button', { name: 'Отправить' }).click();
    await conversation.locator('[data-author="STAFF"]', { hasText: answer }).waitFor();
    await expect.poll(async () => (await page.getByLabel('Ответ клиенту').inputValue()).length).toBe(0);
    // The customer sees the answer, from support, through the API.
    await expect
      .poll(async () =>
        (await callApi(MessagesDocument, { chatId: chat.id, last: 10 }, customer.accessToken)).messages.nodes.map(
          (message) => [message.authorKind, message.text],
        ),
      )
      .toContainEqual(['STAFF', answer]);
    await saveScreenshot(page, 'chat-conversation');

    await page.getByRole('button', { name: 'Оформить обращение' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Категория').click();
    await page.getByRole('option', { name: 'Доставка', exact: true }).click();
    await dialog.getByLabel('Проблема').click();
    await page.getByRole('option', { name: 'Проблема в пункте выдачи' }).click();
    await dialog.getByRole('button', { name: 'Создать обращение' }).click();

    const link = page.getByTestId('chat-ticket-link');
    await link.waitFor();
    const number = /№ (\S+)/.exec((await link.textContent()) ?? '')?.[1];
    expect(number).toMatch(/^T-\d{4}-\d{7}$/);
    const { myTickets } = await callApi(MyTicketsDocument, {}, customer.accessToken);
    const ticket = myTickets.nodes.find((candidate) => candidate.number === number);
    expect(ticket).toBeDefined();
    expect((await callApi(ChatDocument, { id: chat.id }, customer.accessToken)).chat.ticketId).toBe(ticket!.id);

    await link.click();
    await page.waitForURL(new RegExp(`/admin/tickets/${ticket!.id}/show`));
    await page.getByText(`Обращение № ${number}`).first().waitFor();
    await page.getByText(answer).first().waitFor();

    // Back in the queue, the chat is no longer waiting for anyone.
    await page.getByRole('menuitem', { name: 'Чаты поддержки' }).click();
    await page.getByTestId('chats-empty').or(page.locator('tbody tr').first()).waitFor();
    expect(await page.locator('tbody tr', { hasText: CUSTOMER_NAME }).count()).toBe(0);
    await page.getByRole('tab', { name: 'Мои чаты' }).click();
    await page.locator('tbody tr', { hasText: CUSTOMER_NAME }).waitFor();
  });
});
