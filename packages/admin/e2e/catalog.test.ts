import { randomUUID } from 'node:crypto';
import { describe, expect, inject } from 'vitest';
import type { Page } from 'playwright-core';
import {
  CreateSupportCategoryDocument,
  CreateSupportProblemDocument,
  CreateTicketDocument,
  SupportCategoriesDocument,
} from '@support/schema';
import { phones } from './accounts';
import { saveScreenshot } from './browser';
import { callApi, enterPanel, makeAgent, sessionsOnce, tokenOf } from './catalog-hotline-helpers';
import { logIn, test } from './fixtures';

const baseUrl = inject('baseUrl');
const tag = () => randomUUID().slice(0, 6);
const sessionOf = sessionsOnce();

/** What a customer app gets: the public tree, no token. */
async function publicTree(audience: 'BUYER' | 'SELLER' | null, language?: 'en') {
  return (await callApi(SupportCategoriesDocument, { audience }, language ? { language } : {})).supportCategories;
}

/** The whole tree as staff see it (inactive entries too), in the API's order. */
async function staffTree(token: string) {
  return (await callApi(SupportCategoriesDocument, {}, { token })).supportCategories;
}

async function openCatalog(page: Page) {
  await page.getByRole('menuitem', { name: 'Категории и проблемы' }).click();
  await page.waitForURL(/\/admin\/catalog$/);
  await page.getByTestId('category').first().waitFor();
}

const categoryCard = (page: Page, title: string) =>
  page.getByTestId('category').filter({ has: page.getByTestId('category-title').getByText(title, { exact: true }) });

/** The titles shown, in order: categories, or the problems of one category. */
const shownCategories = (page: Page) => page.getByTestId('category-title').allTextContents();
const shownProblems = (page: Page, category: string) =>
  categoryCard(page, category).getByTestId('problem-title').allTextContents();

/** Creates a category with problems through the API (the set-up of a test that is about something else). */
async function createCategory(token: string, titleRu: string, problems: string[]) {
  const { createSupportCategory } = await callApi(
    CreateSupportCategoryDocument,
    { input: { titleRu, titleEn: `${titleRu} (en)`, audience: 'ALL' } },
    { token },
  );
  const created = [];
  for (const problem of problems) {
    const { createSupportProblem } = await callApi(
      CreateSupportProblemDocument,
      {
        input: {
          categoryId: createSupportCategory.id,
          titleRu: problem,
          titleEn: `${problem} (en)`,
          audience: 'ALL',
          requiresOrderNumber: false,
          slaClass: 'STANDARD',
          urgentAvailable: false,
        },
      },
      { token },
    );
    created.push(createSupportProblem);
  }
  return { category: createSupportCategory, problems: created };
}

/** Waits (up to 10 s) for what the panel or the API shows to match; the panel reads again after each change. */
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000 });

describe('categories and problems', () => {
  test('an admin creates a category and its problems in the panel, and the customer apps get them from supportCategories with every setting', async ({
    page,
  }) => {
    const id = tag();
    const category = { ru: `Подарочные сертификаты ${id}`, en: `Gift cards ${id}` };
    const first = { ru: `Сертификат не активируется ${id}`, en: `The gift card does not activate ${id}` };
    const second = { ru: `Сертификат списан дважды ${id}`, en: `The gift card was charged twice ${id}` };

    await logIn(page, phones.catalogAdmins[0]);
    await openCatalog(page);
    await page.getByRole('link', { name: 'Добавить категорию' }).click();
    await page.getByLabel('Название на русском').fill(category.ru);
    await page.getByLabel('Название на английском').fill(category.en);
    await page.getByLabel('Для кого').click();
    await page.getByRole('option', { name: 'Покупатели', exact: true }).click();
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.waitForURL(/\/admin\/catalog$/);
    const card = categoryCard(page, category.ru);
    await card.waitFor();
    // A new category comes with its «Другое».
    expect(await shownProblems(page, category.ru)).toEqual(['Другое']);

    await card.getByRole('link', { name: `Добавить проблему: ${category.ru}` }).click();
    await page.getByText(`В категории «${category.ru}»`).waitFor();
    await page.getByLabel('Название на русском').fill(first.ru);
    await page.getByLabel('Название на английском').fill(first.en);
    await page.getByLabel('Для кого').click();
    await page.getByRole('option', { name: 'Покупатели', exact: true }).click();
    await page.getByLabel('Можно запросить срочную обработку').check();
    await page.getByLabel('Нужен номер заказа').check();
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.waitForURL(/\/admin\/catalog$/);
    await card.getByText(first.ru, { exact: true }).waitFor();

    // A complex case cannot be urgent: the form says so before the API would.
    await card.getByRole('link', { name: `Добавить проблему: ${category.ru}` }).click();
    await page.getByLabel('Название на русском').fill(second.ru);
    await page.getByLabel('Название на английском').fill(second.en);
    await page.getByLabel('Класс SLA').click();
    await page.getByRole('option', { name: 'Сложное (3 рабочих дня)' }).click();
    await page.getByLabel('Можно запросить срочную обработку').check();
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Сложные обращения нельзя обрабатывать срочно').waitFor();
    expect(page.url()).toMatch(/\/admin\/catalog\/create/);
    await page.getByLabel('Можно запросить срочную обработку').uncheck();
    await saveScreenshot(page, 'catalog-edit');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.waitForURL(/\/admin\/catalog$/);
    await card.getByText(second.ru, { exact: true }).waitFor();
    expect(await shownProblems(page, category.ru)).toEqual([first.ru, second.ru, 'Другое']);
    await page.evaluate(() => window.scrollTo(0, 0));
    await saveScreenshot(page, 'catalog-tree');

    // The public query, as the buyers' app calls it: in English on request, with every setting made in the panel.
    const english = (await publicTree('BUYER', 'en')).find((entry) => entry.titleRu === category.ru);
    expect(english).toMatchObject({ title: category.en, audience: 'BUYER', active: true });
    expect(english!.problems.map((problem) => problem.title)).toEqual([first.en, second.en, 'Other']);
    expect(english!.problems[0]).toMatchObject({
      audience: 'BUYER',
      slaClass: 'STANDARD',
      urgentAvailable: true,
      requiresOrderNumber: true,
      isOther: false,
    });
    expect(english!.problems[1]).toMatchObject({
      audience: 'ALL',
      slaClass: 'COMPLEX',
      urgentAvailable: false,
      requiresOrderNumber: false,
    });
    // Russian by default; and the sellers' app does not get a buyers' category.
    expect((await publicTree(null)).find((entry) => entry.titleRu === category.ru)?.title).toBe(category.ru);
    expect((await publicTree('SELLER')).some((entry) => entry.titleRu === category.ru)).toBe(false);

    // Hidden from customers: gone from the public tree, still in the panel, marked.
    await card.getByRole('link', { name: `Изменить «${second.ru}»` }).click();
    await page.getByText(`Проблема «${second.ru}»`).waitFor();
    await page.getByLabel('Показывать клиентам').uncheck();
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.waitForURL(/\/admin\/catalog$/);
    await card.getByTestId('problem').filter({ hasText: second.ru }).getByText('Скрыта от клиентов').waitFor();
    const hidden = (await publicTree('BUYER')).find((entry) => entry.titleRu === category.ru);
    expect(hidden!.problems.map((problem) => problem.title)).toEqual([first.ru, 'Другое']);
  });

  test('an admin reorders problems by dragging and categories with the arrows, and the order persists', async ({
    page,
  }) => {
    const id = tag();
    const title = `Порядок ${id}`;
    await logIn(page, phones.catalogAdmins[1]);
    await page.getByRole('menuitem', { name: 'Категории и проблемы' }).waitFor();
    const token = await tokenOf(page);
    const { problems } = await createCategory(token, title, [`Первая ${id}`, `Вторая ${id}`, `Третья ${id}`]);
    const [a, b, c] = problems.map((problem) => problem.titleRu) as [string, string, string];
    await openCatalog(page);
    const card = categoryCard(page, title);
    await card.waitFor();
    expect(await shownProblems(page, title)).toEqual([a, b, c, 'Другое']);

    // Drag the third problem onto the first: it takes its place.
    const row = (name: string) => card.getByTestId('problem').filter({ hasText: name });
    await row(c).dragTo(row(a));
    await page.getByText('Порядок сохранён').waitFor();
    await eventually(() => shownProblems(page, title)).toEqual([c, a, b, 'Другое']);
    // And the arrows: the first one down.
    await card.getByRole('button', { name: `Опустить «${c}»` }).click();
    await eventually(() => shownProblems(page, title)).toEqual([a, c, b, 'Другое']);
    await eventually(async () =>
      (await staffTree(token)).find((entry) => entry.titleRu === title)?.problems.map((p) => p.titleRu),
    ).toEqual([a, c, b, 'Другое']);

    // The category one place up with its arrow.
    const before = await shownCategories(page);
    const index = before.indexOf(title);
    expect(index).toBeGreaterThan(0);
    await card.getByRole('button', { name: `Поднять «${title}»` }).click();
    const expected = [...before];
    expected.splice(index, 1);
    expected.splice(index - 1, 0, title);
    await eventually(() => shownCategories(page)).toEqual(expected);
    await eventually(async () => (await staffTree(token)).map((entry) => entry.titleRu)).toEqual(expected);

    // A reload reads it all back from the API.
    await page.reload();
    await card.waitFor();
    expect(await shownCategories(page)).toEqual(expected);
    expect(await shownProblems(page, title)).toEqual([a, c, b, 'Другое']);
    // The customers' apps get the same order.
    const shown = (await publicTree(null)).find((entry) => entry.titleRu === title);
    expect(shown!.problems.map((problem) => problem.title)).toEqual([a, c, b, 'Другое']);
  });

  test('deleting a category that appeals use shows the CONFLICT and keeps it; an unused problem is deleted', async ({
    page,
  }) => {
    const id = tag();
    const title = `Используемая ${id}`;
    const used = `Есть обращение ${id}`;
    const unused = `Без обращений ${id}`;
    const admin = await sessionOf(phones.catalogAdmins[3]);
    // Not an agent yet: a customer who files an appeal about the new problem.
    const customer = await sessionOf(phones.areaAgents[0]);
    const { category, problems } = await createCategory(admin.accessToken, title, [used, unused]);
    await callApi(
      CreateTicketDocument,
      {
        input: {
          problemId: problems[0]!.id,
          description: 'Проверка: по этой проблеме есть обращение, поэтому её категорию нельзя удалить.',
          replyChannel: 'SMS',
          idempotencyKey: randomUUID(),
        },
      },
      { token: customer.accessToken },
    );

    await enterPanel(page, admin);
    await openCatalog(page);
    const card = categoryCard(page, title);
    await card.getByRole('link', { name: `Изменить «${title}»` }).click();
    await page.getByText(`Категория «${title}»`).waitFor();
    await page.getByRole('button', { name: 'Удалить' }).click();
    await page.getByText(`Удалить «${title}»?`).waitFor();
    await page.getByRole('button', { name: 'Подтвердить' }).click();
    const refusal = page.getByTestId('catalog-error');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Категорию нельзя удалить: по ней есть обращения');
    expect(page.url()).toContain(`/admin/catalog/${category.id}`);
    expect((await staffTree(admin.accessToken)).some((entry) => entry.titleRu === title)).toBe(true);

    // A problem nobody has appealed about goes.
    await page.goto(`${baseUrl}/admin/catalog`);
    await card.getByRole('link', { name: `Изменить «${unused}»` }).click();
    await page.getByText(`Проблема «${unused}»`).waitFor();
    await page.getByRole('button', { name: 'Удалить' }).click();
    await page.getByRole('button', { name: 'Подтвердить' }).click();
    await page.waitForURL(/\/admin\/catalog$/);
    await eventually(() => shownProblems(page, title)).toEqual([used, 'Другое']);
    const remaining = (await staffTree(admin.accessToken)).find((entry) => entry.titleRu === title);
    expect(remaining!.problems.map((problem) => problem.titleRu)).toEqual([used, 'Другое']);
  });

  test('an agent sees the tree and the hotline but none of the admin-only editing', async ({ page }) => {
    const admin = await sessionOf(phones.catalogAdmins[3]);
    const agent = await makeAgent(await sessionOf(phones.areaAgents[0]), admin.accessToken);
    expect(agent.user.roles).toContain('AGENT');
    const [someCategory] = await staffTree(agent.accessToken);

    await enterPanel(page, agent);
    await openCatalog(page);
    await page.getByText('Просмотр: изменять категории и проблемы могут только администраторы.').waitFor();
    expect(await page.getByTestId('category').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('problem').count()).toBeGreaterThan(0);
    for (const name of [/^Добавить категорию$/, /^Поднять «/, /^Опустить «/, /^Изменить «/, /^Добавить проблему/]) {
      expect(await page.getByRole('link', { name }).count(), String(name)).toBe(0);
      expect(await page.getByRole('button', { name }).count(), String(name)).toBe(0);
    }
    expect(await page.locator('[draggable="true"]').count()).toBe(0);

    // Typing an edit address gives no form either (and the API would refuse the change).
    await page.goto(`${baseUrl}/admin/catalog/${someCategory!.id}`);
    await page.getByText('Изменять категории и проблемы могут только администраторы.').waitFor();
    expect(await page.getByRole('button', { name: 'Сохранить' }).count()).toBe(0);
    expect(await page.getByLabel('Название на русском').count()).toBe(0);

    // The hotline: its status, hours and calendar are there to read, nothing to change.
    await page.getByRole('menuitem', { name: 'Горячая линия' }).click();
    await page.getByTestId('hotline-open-state').waitFor();
    await page.getByText('Просмотр: изменять горячую линию и календарь могут только администраторы.').waitFor();
    await page.getByTestId('business-calendar').getByTestId('calendar-day').first().waitFor();
    expect(await page.getByRole('button', { name: /^(Сохранить|Сохранить особый день|Сохранить день)$/ }).count()).toBe(
      0,
    );
    expect(await page.getByRole('button', { name: /^Удалить/ }).count()).toBe(0);
    const switches = page.getByTestId('weekly-hours').locator('input[type="checkbox"]');
    expect(await switches.count()).toBe(7);
    for (const input of await switches.all()) expect(await input.isDisabled()).toBe(true);

    // The same in English, titles included.
    await page.getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByText('Opening hours by weekday').waitFor();
    await page.getByText('View only: only administrators can change the hotline and the calendar.').waitFor();
    await page.getByRole('menuitem', { name: 'Categories and problems' }).click();
    await page.getByText('View only: only administrators can change categories and problems.').waitFor();
    await page.getByTestId('category-title').getByText(someCategory!.titleEn, { exact: true }).waitFor();
  });
});
