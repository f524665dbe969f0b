import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect } from 'vitest';
import type { Page } from 'playwright-core';
import {
  ChangeTicketStatusDocument,
  CreateTicketDocument,
  ReplyToTicketDocument,
  SupportCategoriesDocument,
} from '@support/schema';
import { phones } from './accounts';
import { saveScreenshot } from './browser';
import { logIn, test } from './fixtures';
import { addDays, callApi, logInThroughApi, moscowTime, moscowToday, withDatabase } from './staff-api';

const HOUR = 3_600_000;

// A period of four Moscow days well in the past, where only this file's tickets are moved.
const X = addDays(moscowToday(), -200);
const period = { from: addDays(X, -1), to: addDays(X, 2) };

let token: string;

async function file(problemTitleEn: string): Promise<string> {
  const { supportCategories } = await callApi(SupportCategoriesDocument, { audience: 'BUYER' }, token);
  const problem = supportCategories.flatMap((c) => c.problems).find((p) => p.titleEn === problemTitleEn);
  if (!problem) throw new Error(`the demo catalog has no problem “${problemTitleEn}”`);
  const { createTicket } = await callApi(
    CreateTicketDocument,
    {
      input: {
        problemId: problem.id,
        description: 'Обращение для проверки панели статистики.',
        replyChannel: 'SMS',
        idempotencyKey: randomUUID(),
      },
    },
    token,
  );
  return createTicket.id;
}

const reply = (ticketId: string) =>
  callApi(ReplyToTicketDocument, { input: { ticketId, body: 'Здравствуйте! Разбираемся.', internal: false } }, token);

/**
 * Moves a ticket's whole timeline (times, history, messages) so that it was filed at `filedAt`, intervals kept:
 * the test cannot wait hours for a late answer, so what the API recorded is slid back in time.
 */
async function slide(ticketId: string, filedAt: Date) {
  await withDatabase(async (client) => {
    const { rows } = await client.query<{ created_at: Date }>(`select created_at from ticket where id = $1`, [
      ticketId,
    ]);
    const shift = `${filedAt.getTime() - rows[0]!.created_at.getTime()} milliseconds`;
    const columns = [
      'created_at',
      'updated_at',
      'first_response_due_at',
      'resolution_due_at',
      'first_responded_at',
      'sla_paused_at',
      'sla_breached_at',
      'resolved_at',
      'closed_at',
      'last_message_at',
    ];
    await client.query(
      `update ticket set ${columns.map((c) => `${c} = ${c} + $1::interval`).join(', ')} where id = $2`,
      [shift, ticketId],
    );
    await client.query(`update ticket_event set created_at = created_at + $1::interval where ticket_id = $2`, [
      shift,
      ticketId,
    ]);
    await client.query(`update ticket_message set created_at = created_at + $1::interval where ticket_id = $2`, [
      shift,
      ticketId,
    ]);
  });
}

const text = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).locator('[data-value]').first().textContent()) ?? '').replace(/\s+/g, ' ');

const barLabels = async (page: Page, chart: string) =>
  (await page.getByTestId(chart).locator('svg text.MuiBarChart-label').allTextContents()).map((t) => t.trim());

beforeAll(async () => {
  // One admin account files the appeals (every account is a customer too) and answers them as staff.
  ({ accessToken: token } = await logInThroughApi(phones.dashboardAdmins[1]));

  // Delivery. A: answered after 2 hours and resolved, on day X.
  const a = await file('A problem at the pick-up point');
  await slide(a, new Date(Date.now() - 2 * HOUR));
  await reply(a);
  await callApi(ChangeTicketStatusDocument, { ticketId: a, status: 'RESOLVED' }, token);
  await slide(a, moscowTime(X, 10));
  // B: answered after 30 hours (the answer was due in 24), still in progress; filed on day X+1.
  const b = await file('A problem at the pick-up point');
  await slide(b, new Date(Date.now() - 30 * HOUR));
  await reply(b);
  await slide(b, moscowTime(addDays(X, 1), 11));
  // Payment. C: never answered, still new; filed on day X+1.
  const c = await file('My card payment does not go through');
  await slide(c, moscowTime(addDays(X, 1), 15));
});

describe('dashboard', () => {
  test('shows the period’s tickets per day, open ones by status, SLA compliance and response times as the API counted them', async ({
    page,
  }) => {
    await logIn(page, phones.dashboardAdmins[0]);
    await page.getByText('Панель сотрудника поддержки').waitFor();
    // The default period: the last 30 days.
    await page.getByTestId('support-stats').waitFor();
    expect(await page.getByTestId('support-stats').getAttribute('data-to')).toBe(moscowToday());
    expect(await page.getByRole('button', { name: '30 дней' }).getAttribute('aria-pressed')).toBe('true');

    await page.getByLabel('С', { exact: true }).fill(period.from);
    await page.getByLabel('По', { exact: true }).fill(period.to);
    await page.locator(`[data-testid="support-stats"][data-from="${period.from}"][data-to="${period.to}"]`).waitFor();

    expect(await text(page, 'total-created')).toBe('3');
    expect(await text(page, 'total-resolved')).toBe('1');
    expect(await text(page, 'total-open')).toBe('2');
    expect(await text(page, 'total-median')).toBe('16 ч');
    expect(await text(page, 'sla-first-response')).toBe('33 %');
    expect(await text(page, 'sla-resolution')).toBe('33 %');
    await page.getByTestId('sla-first-response').getByText('1 из 3').waitFor();

    // Filed: 1 on day X, 2 on day X+1; resolved: 1 on day X (zero days carry no label).
    expect((await barLabels(page, 'chart-per-day')).sort()).toEqual(['1', '1', '2']);
    // New 1, in progress 1, waiting 0, reopened 0.
    expect(await barLabels(page, 'chart-open-by-status')).toEqual(['1', '1', '0', '0']);
    await page.getByTestId('chart-open-by-status').getByText('Ждёт ответа клиента').waitFor();
    // Delivery: 1 of 2 answered and 1 of 2 resolved in time; payment: 0 of 1 both.
    expect((await barLabels(page, 'chart-sla')).sort()).toEqual(['0%', '0%', '50%', '50%']);
    expect(await barLabels(page, 'chart-median')).toEqual(['16 ч']);

    const rows = page.getByTestId('category-table').locator('tbody tr');
    const cells = async (index: number) =>
      (await rows.nth(index).locator('td').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
    expect(await rows.count()).toBe(3);
    expect(await cells(0)).toEqual(['Доставка', '2', '50 % (1 из 2)', '50 % (1 из 2)', '16 ч']);
    expect(await cells(1)).toEqual(['Оплата', '1', '0 % (0 из 1)', '0 % (0 из 1)', '—']);
    expect(await cells(2)).toEqual(['Все категории', '3', '33 % (1 из 3)', '33 % (1 из 3)', '16 ч']);
    await saveScreenshot(page, 'dashboard');

    // A period that ends before it starts is not asked for; the panel says why.
    await page.getByLabel('С', { exact: true }).fill(addDays(period.to, 1));
    await page.getByRole('alert').getByText('Начало периода позже его конца.').waitFor();
    expect(await page.getByTestId('support-stats').getAttribute('data-from')).toBe(period.from);
  });
});
