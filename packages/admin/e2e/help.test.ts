import { randomInt } from 'node:crypto';
import { describe, expect, inject } from 'vitest';
import { print } from 'graphql';
import type { Page } from 'playwright-core';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { HelpArticleDocument, SearchHelpDocument } from '@support/schema';
import { phones } from './accounts';
import { saveScreenshot } from './browser';
import { logIn, readStoredSession, test, type StoredSession } from './fixtures';

const baseUrl = inject('baseUrl');

/** Calls the API as the customer app would (no token: the help centre is public); fails on any GraphQL error. */
async function callApi<TResult, TVariables>(
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
): Promise<TResult> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data?: TResult; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(`API error: ${JSON.stringify(body.errors)}`);
  return body.data;
}

const searchHelp = async (query: string) => (await callApi(SearchHelpDocument, { query, first: 5 })).searchHelp;

/** A made-up Russian word no article has, so that search finds only what the test wrote. */
function newWord(): string {
  const letters = 'бвгджзклмнпрстфх';
  const vowels = 'аеиоу';
  let word = 'зю';
  for (let i = 0; i < 4; i++) word += letters[randomInt(letters.length)]! + vowels[randomInt(vowels.length)]!;
  return word;
}

/** The article's id from the editor's URL (/admin/help/<id>). */
const articleIdOf = (page: Page) => decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '');

/** The second test goes on in the session of the first (a phone gets one code a minute). */
let session: StoredSession | null = null;

async function openPanel(page: Page) {
  if (!session) throw new Error('the first test did not log in');
  await page.addInitScript((stored) => localStorage.setItem('support.session', stored), JSON.stringify(session));
  await page.goto(`${baseUrl}/admin/help`);
}

describe('help articles', () => {
  test('an editor finds an article in the list, edits it with a live preview as customers see it, and customers’ search finds it by a new word', async ({
    page,
  }) => {
    await logIn(page, phones.integrationsAdmins[0]);
    await page.getByRole('menuitem', { name: 'Статьи помощи' }).waitFor();
    session = await readStoredSession(page);
    await page.getByRole('menuitem', { name: 'Статьи помощи' }).click();
    await page.waitForURL(/\/admin\/help/);

    // The list's search narrows by title and keywords.
    const title = 'Забыли кодовое слово карты';
    await page.getByRole('cell', { name: 'Способы оплаты' }).waitFor();
    await page.getByPlaceholder('Поиск по заголовку и ключевым словам').fill('кодовое');
    await page.getByRole('cell', { name: 'Способы оплаты' }).waitFor({ state: 'detached' });
    expect(await page.locator('tbody tr').count()).toBe(1);
    await saveScreenshot(page, 'help-list');
    await page.getByRole('cell', { name: title }).click();
    await page.waitForURL(/\/admin\/help\/[0-9a-f-]{36}$/);
    const id = articleIdOf(page);

    const word = newWord();
    const keyword = newWord();
    expect((await searchHelp(word)).map((hit) => hit.id)).not.toContain(id);

    // What is typed shows at once in the customer's view, line breaks kept and nothing rendered as markup.
    const body = page.getByLabel(/^Текст статьи/);
    await expect.poll(() => body.inputValue()).not.toBe('');
    const paragraph = `Если карта заблокирована, назовите специалисту слово ${word}. <b>не жирный</b>`;
    await body.fill(`${await body.inputValue()}\n\n${paragraph}`);
    const preview = page.getByTestId('help-preview-body');
    await expect.poll(() => preview.innerText()).toContain(`\n\n${paragraph}`);
    expect(await preview.locator('b').count()).toBe(0);
    await page.getByTestId('help-preview').getByRole('heading', { name: title }).waitFor();

    const keywords = page.getByLabel('Ключевые слова');
    await keywords.fill(keyword);
    await keywords.press('Enter');
    await page.getByRole('button', { name: keyword }).waitFor();

    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Статья сохранена').waitFor();
    await saveScreenshot(page, 'help-editor');

    // Customers' search (the API) now finds the article by the new word and by the new keyword.
    expect((await searchHelp(word))[0]?.id).toBe(id);
    expect((await searchHelp(keyword))[0]?.id).toBe(id);
    const { helpArticle } = await callApi(HelpArticleDocument, { id });
    expect(helpArticle.body.endsWith(paragraph)).toBe(true);
    expect(helpArticle.tags).toContain(keyword);

    // The editor's own search check says the same.
    await page.getByLabel('Вопрос клиента').fill(word);
    await page.getByRole('button', { name: 'Найти' }).click();
    await page.locator(`[data-article-id="${id}"]`).getByText('эта статья').waitFor();

    session = await readStoredSession(page);
  });

  test('a new article saved as a draft stays hidden from customers until it is published', async ({ page }) => {
    await openPanel(page);
    await page.getByRole('link', { name: 'Создать' }).click();
    await page.waitForURL(/\/admin\/help\/create$/);

    const keyword = newWord();
    const title = `Как сменить номер телефона ${keyword}`;
    await page.getByLabel(/^Заголовок/).fill(title);
    await page
      .getByLabel(/^Текст статьи/)
      .fill('Откройте настройки профиля и выберите «Сменить номер».\nНа новый номер придёт код подтверждения.');
    const keywords = page.getByLabel('Ключевые слова');
    await keywords.fill(keyword);
    await keywords.press('Enter');
    await page.getByLabel('Опубликована').uncheck();
    await page.getByText('Черновик: клиенты не видят эту статью.').waitFor();

    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.waitForURL(/\/admin\/help\/[0-9a-f-]{36}$/);
    const id = articleIdOf(page);
    expect((await searchHelp(keyword)).map((hit) => hit.id)).not.toContain(id);

    await page.getByLabel('Опубликована').check();
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Статья сохранена').waitFor();
    expect((await searchHelp(keyword))[0]?.id).toBe(id);
  });
});
