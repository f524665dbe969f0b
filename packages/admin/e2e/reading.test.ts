import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject } from 'vitest';
import type { Page } from 'playwright-core';
import { CreateTicketDocument, PayoutsDocument, SupportCategoriesDocument } from '@support/schema';
import { phones } from './accounts';
import { animationsFinished, saveScreenshot } from './browser';
import { logIn, test } from './fixtures';
import { callApi, logInThroughApi } from './operations-api';
import { textOf } from '../src/errors';

/**
 * What people read (issue 17): each text fault once seen, looked for in Russian and in English. The panel's
 * language is set the way its menu sets it (react-admin's stored locale) before logging in.
 */

type Locale = 'ru' | 'en';

const WORDS = {
  ru: {
    tickets: 'Обращения',
    dashboard: 'Панель',
    catalog: 'Категории и проблемы',
    ticketTitle: (number: string) => `Обращение № ${number}`,
    helpCreate: 'Новая статья помощи',
    from: 'С',
    to: 'По',
    number: 'Номер',
    dateText: '01.03.2020',
    noData: 'За период обращений нет',
    hotline: 'Горячая линия',
  },
  en: {
    tickets: 'Tickets',
    dashboard: 'Dashboard',
    catalog: 'Categories and problems',
    ticketTitle: (number: string) => `Ticket #${number}`,
    helpCreate: 'New help article',
    from: 'From',
    to: 'To',
    number: 'Number',
    dateText: '03/01/2020',
    noData: 'No tickets in this period',
    hotline: 'Hotline',
  },
} as const;

const baseUrl = inject('baseUrl');
let ticket: { id: string; number: string };

beforeAll(async () => {
  // A buyer files one ticket for the pages below to show.
  const customer = await logInThroughApi(phones.readingCustomer);
  const { supportCategories } = await callApi(SupportCategoriesDocument, { audience: 'BUYER' }, customer.accessToken);
  const problem = supportCategories
    .flatMap((category) => category.problems)
    .find((candidate) => candidate.active && !candidate.requiresOrderNumber && !candidate.isOther);
  if (!problem) throw new Error('the demo catalog has no buyer problem without an order number');
  const { createTicket } = await callApi(
    CreateTicketDocument,
    {
      input: {
        problemId: problem.id,
        description: 'Чтение: заказ не пришёл',
        replyChannel: 'SMS',
        idempotencyKey: randomUUID(),
      },
    },
    customer.accessToken,
  );
  ticket = { id: createTicket.id, number: createTicket.number };
});

/** Opens the panel in `locale` and logs in as `phone`. */
async function openPanel(page: Page, locale: Locale, phone: string): Promise<void> {
  await page.goto(`${baseUrl}/admin/login`);
  await page.evaluate((value) => localStorage.setItem('RaStore.locale', JSON.stringify(value)), locale);
  await logIn(page, phone);
  await page.getByRole('menuitem', { name: WORDS[locale].tickets }).waitFor();
}

/** The title react-admin shows in the app bar. */
const appBarTitle = async (page: Page) => (await page.locator('#react-admin-title').innerText()).trim();

async function readsRight(page: Page, locale: Locale, phone: string): Promise<void> {
  const words = WORDS[locale];
  await openPanel(page, locale, phone);

  // The menu does not cut a long entry: every menu item's text fits its box.
  const catalogItem = page.getByRole('menuitem', { name: words.catalog });
  await catalogItem.waitFor();
  const cut = await page
    .getByRole('menuitem')
    .evaluateAll((items) =>
      items.flatMap((item) =>
        [item, ...Array.from(item.querySelectorAll('*'))]
          .filter((element) => element.scrollWidth > element.clientWidth + 1 && element.textContent?.trim())
          .map((element) => element.textContent ?? ''),
      ),
    );
  expect(cut).toEqual([]);
  expect(await catalogItem.innerText()).toContain(words.catalog);

  // Dashboard: a period with no tickets says so on every chart that depends on the period, with no empty axes;
  // the period's inputs read in the panel's language, whatever the browser's.
  await page.getByLabel(words.from, { exact: true }).fill('2020-03-01');
  await page.getByLabel(words.to, { exact: true }).fill('2020-03-31');
  await page.getByLabel(words.to, { exact: true }).blur();
  expect(await page.getByLabel(words.from, { exact: true }).inputValue()).toBe(words.dateText);
  for (const chart of ['chart-per-day', 'chart-sla', 'chart-median', 'category-table']) {
    const card = page.getByTestId(chart);
    await card.getByTestId('no-data').getByText(words.noData).waitFor();
    expect(await card.locator('svg .MuiChartsAxis-root, table').count()).toBe(0);
  }
  expect(await page.locator('input[type="date"], input[type="time"], input[type="datetime-local"]').count()).toBe(0);
  await animationsFinished(page);
  await saveScreenshot(page, `reading-${locale}-dashboard-no-data`);

  // Hotline: times on the 24-hour clock, as the panel writes them; no browser-made date or time inputs.
  await page.getByRole('menuitem', { name: words.hotline }).click();
  const opens = page.getByLabel(locale === 'ru' ? 'Открытие' : 'Opens', { exact: true });
  await opens.first().waitFor();
  const times = (await opens.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))).filter(
    Boolean,
  );
  expect(times.length).toBeGreaterThan(0);
  for (const time of times) expect(time).toMatch(/^\d{2}:\d{2}$/);
  expect(await page.locator('input[type="date"], input[type="time"]').count()).toBe(0);
  await saveScreenshot(page, `reading-${locale}-hotline`);

  // The ticket list: the number on one line; Back after typing a filter leaves the list (docs/decisions.md), and
  // the list keeps the filter when it is opened again.
  await page.getByRole('menuitem', { name: words.tickets }).click();
  await page.waitForURL(/\/admin\/tickets$/);
  const numberCell = page.getByTestId('ticket-number').filter({ hasText: ticket.number });
  await numberCell.waitFor();
  expect(await numberCell.evaluate((element) => element.getClientRects().length)).toBe(1);
  await saveScreenshot(page, `reading-${locale}-ticket-list`);
  await page.getByLabel(words.number, { exact: true }).fill(ticket.number);
  // Applied (after react-admin's debounce) once the list's remembered parameters hold it.
  await page.waitForFunction(
    (number) => (localStorage.getItem('RaStore.tickets.listParams') ?? '').includes(number),
    ticket.number,
  );
  expect(new URL(page.url()).search).toBe('');
  await page.goBack();
  await page.waitForURL((url) => !url.pathname.includes('/tickets'));
  await page.getByRole('menuitem', { name: words.tickets }).click();
  expect(await page.getByLabel(words.number, { exact: true }).inputValue()).toBe(ticket.number);

  // The ticket page: its title once; the customer's phone written as everywhere else.
  await numberCell.click();
  await page.waitForURL(new RegExp(`/admin/tickets/${ticket.id}/show`));
  await page.getByText('Чтение: заказ не пришёл').first().waitFor();
  expect(await appBarTitle(page)).toBe(words.ticketTitle(ticket.number));
  const body = await page.locator('body').innerText();
  expect(body).toContain('+7 900 000-00-97');
  expect(body).not.toContain(phones.readingCustomer);
  await saveScreenshot(page, `reading-${locale}-ticket`);

  // A create page is titled for its resource in the right form («Новая статья помощи», not «Создать Статья помощи»).
  await page.goto(`${baseUrl}/admin/help/create`);
  await page.locator('#react-admin-title').getByText(words.helpCreate).waitFor();
  expect(await appBarTitle(page)).toBe(words.helpCreate);
  await saveScreenshot(page, `reading-${locale}-help-create`);
}

/** Whether the payouts document already asks for `failureCode` (the code, not the bank's English). */
const failureCodeInContract = JSON.stringify(PayoutsDocument).includes('"failureCode"');

describe('what people read', () => {
  test('in Russian: one title, one phone format, dates and times in Russian, charts say «no data», nothing cut or wrapped, Back leaves a filtered list', async ({
    page,
  }) => {
    await readsRight(page, 'ru', phones.readingAdmins[0]);
  });

  test('in English: the same faults looked for in English', async ({ page }) => {
    await readsRight(page, 'en', phones.readingAdmins[1]);
  });

  test('a failed payout’s reason is the code in the reader’s language, never the bank’s English', async () => {
    // The API gives the code (Withdrawal.failureCode); the panel's one table has both languages for each value.
    expect(failureCodeInContract).toBe(true);
    expect(textOf('BANK_REJECTED', 'ru')).toBe('Банк получателя отклонил платёж.');
    expect(textOf('BANK_REJECTED', 'en')).toBe('The receiving bank rejected the payment.');
    expect(textOf('BANK_NO_ANSWER', 'ru')).toMatch(/^[^A-Za-z]+$/);
    expect(textOf('BANK_NO_ANSWER', 'en')).toMatch(/^[^А-Яа-яЁё]+$/);
  });
});
