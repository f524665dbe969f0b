import { describe, expect, inject } from 'vitest';
import pg from 'pg';
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { MeDocument, RefreshSessionDocument } from '@support/schema';
import type { BrowserContext, Request } from 'playwright-core';
import { phones } from './accounts';
import { saveScreenshot } from './browser';
import { logIn, readLoginCode, readStoredSession, test } from './fixtures';

const baseUrl = inject('baseUrl');

/** Calls the API directly, as another client would, to check what the panel left behind. */
async function callApi<TResult, TVariables>(
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  accessToken?: string,
): Promise<{ data?: TResult; errors?: Array<{ extensions?: { code?: string } }> }> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}) },
    body: JSON.stringify({ query: print(document), variables }),
  });
  return (await response.json()) as { data?: TResult; errors?: Array<{ extensions?: { code?: string } }> };
}

/** Sessions of the account with this phone on the API: all of them, and those still live. */
async function sessionsOf(phone: string): Promise<{ total: number; live: number }> {
  const client = new pg.Client({ connectionString: inject('databaseUrl') });
  await client.connect();
  try {
    const { rows } = await client.query<{ total: number; live: number }>(
      `select count(*)::int as total, count(*) filter (where s.revoked_at is null)::int as live
         from auth_session s join app_user u on u.id = s.user_id where u.phone = $1`,
      [phone],
    );
    return rows[0] ?? { total: 0, live: 0 };
  } finally {
    await client.end();
  }
}

const isRefresh = (request: Request) =>
  request.method() === 'POST' &&
  request.url().endsWith('/graphql') &&
  (request.postDataJSON() as { operationName?: string } | null)?.operationName === 'RefreshSession';

/**
 * Counts the refresh requests the browser sends, and holds each one back for a second on its way to the API (as a
 * slow network would), so that every caller that needs a token meanwhile overlaps with it.
 */
async function watchRefreshes(context: BrowserContext): Promise<Request[]> {
  const refreshes: Request[] = [];
  await context.route('**/graphql', async (route) => {
    if (isRefresh(route.request())) {
      refreshes.push(route.request());
      await new Promise((done) => setTimeout(done, 1000));
    }
    await route.continue();
  });
  return refreshes;
}

describe('logging in', () => {
  test('a support agent logs in with the code sent by SMS and lands on the dashboard', async ({ page }) => {
    await page.goto(`${baseUrl}/admin/`);
    await page.getByLabel('Номер телефона').fill(phones.agent);
    await page.getByRole('button', { name: 'Получить код' }).click();

    await page.getByText(`Код отправлен в SMS на номер ${phones.agent}`).waitFor();
    const outboxLink = page.getByRole('link', { name: '/dev/outbox' });
    expect(await outboxLink.getAttribute('href')).toBe(`/dev/outbox?to=${encodeURIComponent(phones.agent)}`);
    await page.getByLabel('Код из SMS').fill(await readLoginCode(phones.agent));
    await page.getByRole('button', { name: 'Войти', exact: true }).click();

    await page.getByText('Панель сотрудника поддержки').waitFor();
    await page.getByText('Здравствуйте, Ольга Операторова!').waitFor();
    expect(page.url()).not.toContain('login');
    await saveScreenshot(page, 'dashboard-agent');
  });

  test('a wrong code is refused with the attempts left, and the right code then logs in', async ({ page }) => {
    const phone = phones.extraStaff[1];
    await page.goto(`${baseUrl}/admin/`);
    await page.getByLabel('Номер телефона').fill(phone);
    await page.getByRole('button', { name: 'Получить код' }).click();
    const code = await readLoginCode(phone);

    await page.getByLabel('Код из SMS').fill(code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Войти', exact: true }).click();
    await page.getByRole('alert').getByText('Неверный код. Осталось попыток: 4.').waitFor();

    await page.getByLabel('Код из SMS').fill(code);
    await page.getByRole('button', { name: 'Войти', exact: true }).click();
    await page.getByText('Панель сотрудника поддержки').waitFor();
  });

  test('a customer is refused with an explanation, and the session the code opened is ended', async ({ page }) => {
    await logIn(page, phones.customer);

    await page
      .getByRole('alert')
      .getByText('Панель только для сотрудников поддержки, а у этого аккаунта нет такой роли.', { exact: false })
      .waitFor();
    await saveScreenshot(page, 'login-refused-customer');
    await page.getByLabel('Номер телефона').waitFor();
    expect(await readStoredSession(page)).toBeNull();
    expect(await sessionsOf(phones.customer)).toEqual({ total: 1, live: 0 });
  });

  test('asking for another code within a minute says how many seconds to wait', async ({ page }) => {
    await page.goto(`${baseUrl}/admin/`);
    await page.getByLabel('Номер телефона').fill(phones.stranger);
    await page.getByRole('button', { name: 'Получить код' }).click();
    await page.getByLabel('Код из SMS').waitFor();

    // A reload forgets the code just sent; the API still enforces the cooldown.
    await page.reload();
    await page.getByLabel('Номер телефона').fill(phones.stranger);
    await page.getByRole('button', { name: 'Получить код' }).click();

    const alert = await page.getByRole('alert').textContent();
    const seconds = Number(/Повторите через (\d+) с/.exec(alert ?? '')?.[1]);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(60);
    const button = page.getByRole('button', { name: /Получить код через \d+ с/ });
    expect(await button.isDisabled()).toBe(true);
    await saveScreenshot(page, 'login-rate-limited');
  });
});

describe('language', () => {
  test('switching to English shows the login page and the panel in English', async ({ page }) => {
    await page.goto(`${baseUrl}/admin/`);
    await page.getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();

    await page.getByText('Staff sign-in').waitFor();
    await page.getByLabel('Phone number').waitFor();
    expect(await page.getByRole('button', { name: 'Send code' }).isVisible()).toBe(true);

    await logIn(page, phones.admin);
    await page.getByText('Support staff panel').waitFor();
    await page.getByText('Hello, Анна Админова!').waitFor();
    await saveScreenshot(page, 'dashboard-en');

    await page.reload();
    await page.getByText('Support staff panel').waitFor();
  });
});

describe('session', () => {
  test('a token the API refuses is renewed silently, and the sessions page marks this device', async ({ page }) => {
    const phone = phones.extraStaff[2];
    await logIn(page, phone);
    await page.getByText('Панель сотрудника поддержки').waitFor();
    // As after a server-side key rotation: the token looks valid to the panel but the API refuses it.
    await page.evaluate(() => {
      const stored = JSON.parse(localStorage.getItem('support.session')!) as { accessToken: string };
      localStorage.setItem('support.session', JSON.stringify({ ...stored, accessToken: 'not-a-valid-token' }));
    });
    const refreshes = await watchRefreshes(page.context());

    // The page asks for the identity and the sessions at once; both are refused, and share one refresh.
    await page.goto(`${baseUrl}/admin/sessions`);
    await page.getByText('Это устройство').waitFor();
    await page.getByText('Пользователь 0013').waitFor();
    expect(refreshes).toHaveLength(1);
    expect((await readStoredSession(page))?.accessToken).not.toBe('not-a-valid-token');
    expect(await sessionsOf(phone)).toEqual({ total: 1, live: 1 });
    await saveScreenshot(page, 'sessions');
  });

  test('logging out ends the session on the API and returns to the login page', async ({ page }) => {
    await logIn(page, phones.seniorAgent);
    await page.getByText('Панель сотрудника поддержки').waitFor();
    const session = await readStoredSession(page);
    expect(session).not.toBeNull();

    await page.getByRole('button', { name: 'Профиль' }).click();
    await page.getByRole('menuitem', { name: 'Выйти' }).click();

    await page.getByLabel('Номер телефона').waitFor();
    expect(page.url()).toContain('login');
    expect(await readStoredSession(page)).toBeNull();
    const refresh = await callApi(RefreshSessionDocument, { refreshToken: session!.refreshToken });
    expect(refresh.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await sessionsOf(phones.seniorAgent)).toEqual({ total: 1, live: 0 });
  });

  test('two tabs holding an expired access token refresh it once between them and stay logged in', async ({ page }) => {
    await logIn(page, phones.extraStaff[0]);
    await page.getByText('Панель сотрудника поддержки').waitFor();
    // Both tabs off the panel (on a page of the same origin, which shares its storage), so that no panel page is
    // busy refreshing when the token is made to look expired; then both open the panel at once.
    const secondTab = await page.context().newPage();
    await Promise.all([page.goto(`${baseUrl}/healthz`), secondTab.goto(`${baseUrl}/healthz`)]);

    const before = (await readStoredSession(page))!;
    await page.evaluate(() => {
      const stored = JSON.parse(localStorage.getItem('support.session')!) as { expiresAt: number };
      localStorage.setItem('support.session', JSON.stringify({ ...stored, expiresAt: Date.now() - 1000 }));
    });
    const refreshes = await watchRefreshes(page.context());
    await Promise.all([page.goto(`${baseUrl}/admin/`), secondTab.goto(`${baseUrl}/admin/`)]);

    for (const tab of [page, secondTab]) await tab.getByText('Здравствуйте, Пользователь 0011!').waitFor();
    expect(refreshes).toHaveLength(1);
    const after = (await readStoredSession(page))!;
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.expiresAt).toBeGreaterThan(Date.now());
    const me = await callApi(MeDocument, {}, after.accessToken);
    expect(me.data?.me?.phone).toBe(phones.extraStaff[0]);
    expect(await sessionsOf(phones.extraStaff[0])).toEqual({ total: 1, live: 1 });
  });
});
