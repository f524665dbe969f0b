import { randomUUID } from 'node:crypto';
import { describe, expect, inject } from 'vitest';
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { CreateTicketDocument, SupportCategoriesDocument } from '@support/schema';
import { phones } from './accounts';
import { saveScreenshot } from './browser';
import { logIn, readLoginCode, readStoredSession, test } from './fixtures';

const baseUrl = inject('baseUrl');

async function callApi<TResult, TVariables>(
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  accessToken: string,
): Promise<TResult> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data?: TResult; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(`API error: ${JSON.stringify(body.errors)}`);
  return body.data;
}

describe('the development outbox', () => {
  test('shows the login code just sent, filters by recipient, and shows a new message without a reload', async ({
    page,
  }) => {
    const phone = phones.integrationsAdmins[3];
    await logIn(page, phone);
    const code = await readLoginCode(phone);
    await page.getByRole('menuitem', { name: 'Исходящие (dev)' }).click();
    await page.waitForURL(/\/admin\/outbox$/);

    // Everyone's latest messages, newest first; the admin's login code among them.
    const rows = page.locator('tbody tr[data-message-id]');
    await rows.first().waitFor();
    const ours = page.locator(`tbody tr[data-to="${phone}"]`).filter({ hasText: 'код входа' });
    await ours.getByTestId('login-code').getByText(code, { exact: true }).waitFor();

    // The recipient as people type it; only their messages stay.
    await page.getByLabel('Получатель').fill('+7 900 000-00-74');
    await expect
      .poll(async () => [...new Set(await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-to'))))])
      .toEqual([phone]);
    expect(await rows.first().getByTestId('login-code').innerText()).toBe(code);

    // A message sent while the page is open shows at the top by itself: the admin files an appeal, answered by SMS.
    const session = await readStoredSession(page);
    if (!session) throw new Error('the panel has no session');
    const { supportCategories } = await callApi(SupportCategoriesDocument, { audience: 'BUYER' }, session.accessToken);
    const problem = supportCategories
      .flatMap((category) => category.problems)
      .find((candidate) => candidate.active && !candidate.requiresOrderNumber && !candidate.isOther)!;
    const { createTicket } = await callApi(
      CreateTicketDocument,
      {
        input: {
          problemId: problem.id,
          description: 'Проверка исходящих: уведомление о новом обращении по SMS.',
          replyChannel: 'SMS',
          idempotencyKey: randomUUID(),
        },
      },
      session.accessToken,
    );
    await rows.first().getByText(`Обращение ${createTicket.number} принято`, { exact: true }).waitFor();
    await rows.first().getByText('обращение создано').waitFor();
    await saveScreenshot(page, 'outbox');

    // A part of the number searches the latest messages on the page.
    await page.getByLabel('Получатель').fill('00-74');
    await rows.filter({ hasText: 'обращение создано' }).waitFor();
    expect(await page.locator(`tbody tr[data-message-id]:not([data-to="${phone}"])`).count()).toBe(0);
  });
});
