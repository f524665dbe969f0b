import { existsSync } from 'node:fs';
import { inject, test as base } from 'vitest';
import type { Page } from 'playwright-core';
import { CHROMIUM, launchBrowser, saveScreenshot } from './browser';

interface OutboxMessage {
  purpose: string;
  code?: string;
  createdAt: string;
}

/** The newest login code sent to `phone`, read from the API's development outbox. */
export async function readLoginCode(phone: string): Promise<string> {
  const url = `${inject('baseUrl')}/dev/outbox?to=${encodeURIComponent(phone)}`;
  for (let attempt = 0; attempt < 25; attempt++) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
    const code = ((await response.json()) as OutboxMessage[]).find((message) => message.purpose === 'login_code')?.code;
    if (code) return code;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`no login code was sent to ${phone}`);
}

/** Opens the panel, asks for a code for `phone` and enters it, as a staff member would. */
export async function logIn(page: Page, phone: string): Promise<void> {
  await page.goto(`${inject('baseUrl')}/admin/`);
  await page.getByLabel(/Номер телефона|Phone number/).fill(phone);
  await page.getByRole('button', { name: /Получить код|Send code/ }).click();
  await page.getByLabel(/Код из SMS|Code from the text message/).fill(await readLoginCode(phone));
  await page.getByRole('button', { name: /^(Войти|Sign in)$/ }).click();
}

/** The session the panel keeps in localStorage. */
export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
}

export const readStoredSession = (page: Page): Promise<StoredSession | null> =>
  page.evaluate(() => JSON.parse(localStorage.getItem('support.session') ?? 'null') as StoredSession | null);

/**
 * Tests get `page`: a fresh browser context (no cookies, no localStorage) in a Chromium shared by the file. A failed
 * test leaves a screenshot in artifacts/screenshots/failed-<test name>.png.
 */
export const test = base
  // eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from this pattern
  .extend('browser', { scope: 'file' }, async ({}, { onCleanup }) => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/lib/ensure-chromium.sh`);
    const browser = await launchBrowser();
    onCleanup(() => browser.close());
    return browser;
  })
  .extend('page', async ({ browser, task }, { onCleanup }) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    onCleanup(async () => {
      if (task.result?.state === 'fail') await saveScreenshot(page, `failed-${task.name}`).catch(() => undefined);
      await context.close();
    });
    return page;
  });
