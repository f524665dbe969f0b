import { inject } from 'vitest';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { RequestLoginCodeDocument, VerifyLoginCodeDocument } from '@support/schema';
import { readLoginCode } from './fixtures';

/** Calls the API directly, as the marketplace app or another client would; fails on any GraphQL error. */
export async function callApi<TResult, TVariables>(
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  accessToken?: string,
): Promise<TResult> {
  const response = await fetch(`${inject('baseUrl')}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}) },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data?: TResult; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(`API error: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Logs in through the API with a code from the development outbox; the account is made on its first login. */
export async function logInThroughApi(phone: string) {
  const { requestLoginCode } = await callApi(RequestLoginCodeDocument, { input: { phone, channel: 'SMS' } });
  const code = await readLoginCode(phone);
  const { verifyLoginCode } = await callApi(VerifyLoginCodeDocument, {
    input: { challengeId: requestLoginCode.id, code, platform: 'WEB' },
  });
  return { ...verifyLoginCode, resendAvailableAt: Date.parse(requestLoginCode.resendAvailableAt) };
}

/** How many login codes the development outbox has sent to `phone`, and the newest. */
async function loginCodes(phone: string): Promise<{ count: number; newest?: string }> {
  const response = await fetch(`${inject('baseUrl')}/dev/outbox?to=${encodeURIComponent(phone)}`);
  const messages = (await response.json()) as Array<{ purpose: string; code?: string }>;
  const codes = messages.filter((message) => message.purpose === 'login_code' && message.code);
  return { count: codes.length, ...(codes[0]?.code ? { newest: codes[0].code } : {}) };
}

/**
 * Logs in to the panel with a phone that has had a code before (fixtures' logIn reads the newest code at once,
 * which for such a phone may still be the old one): waits for the new code to be sent, then enters it.
 */
export async function logInAgain(page: Page, phone: string): Promise<void> {
  const before = (await loginCodes(phone)).count;
  await page.goto(`${inject('baseUrl')}/admin/`);
  await page.getByLabel(/Номер телефона|Phone number/).fill(phone);
  await page.getByRole('button', { name: /Получить код|Send code/ }).click();
  let code: string | undefined;
  for (let attempt = 0; attempt < 50 && !code; attempt++) {
    const codes = await loginCodes(phone);
    if (codes.count > before) code = codes.newest;
    else await new Promise((done) => setTimeout(done, 200));
  }
  if (!code) throw new Error(`no new login code was sent to ${phone}`);
  await page.getByLabel(/Код из SMS|Code from the text message/).fill(code);
  await page.getByRole('button', { name: /^(Войти|Sign in)$/ }).click();
}

/** Runs statements on the e2e database (to look at what the API stored, or to move it back in time). */
export async function withDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('databaseUrl') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Today's date in Moscow, and dates around it (YYYY-MM-DD). */
export const moscowToday = (): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date())
    .slice(0, 10);
export const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** An instant at a Moscow wall-clock time (UTC+3 all year since 2014). */
export const moscowTime = (date: string, hours: number, minutes = 0): Date =>
  new Date(Date.parse(`${date}T00:00:00+03:00`) + (hours * 60 + minutes) * 60_000);
