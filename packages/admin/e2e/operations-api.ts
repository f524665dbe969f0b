import { inject } from 'vitest';
import { print } from 'graphql';
import type { Page } from 'playwright-core';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  GrantRoleDocument,
  RefreshSessionDocument,
  RequestLoginCodeDocument,
  VerifyLoginCodeDocument,
  type Role,
} from '@support/schema';
import { readLoginCode, readStoredSession } from './fixtures';

/** Calls the API directly, as the marketplace app would; fails the test on any GraphQL error. */
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

export interface ApiSession {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  user: { id: string; roles: Role[]; displayName: string };
}

/** Logs someone in through the API (the code read from the development outbox), as the marketplace app would. */
export async function logInThroughApi(phone: string): Promise<ApiSession> {
  const { requestLoginCode } = await callApi(RequestLoginCodeDocument, { input: { phone, channel: 'SMS' } });
  const code = await readLoginCode(phone);
  const { verifyLoginCode } = await callApi(VerifyLoginCodeDocument, {
    input: { challengeId: requestLoginCode.id, code, platform: 'WEB' },
  });
  return verifyLoginCode;
}

/** The access token of the staff member logged in on `page` (to prepare data as an admin through the API). */
export async function tokenOf(page: Page): Promise<string> {
  const stored = await readStoredSession(page);
  if (!stored) throw new Error('nobody is logged in on this page');
  return stored.accessToken;
}

/**
 * Makes an account an AGENT (an admin grants the role through the API) and opens the panel on `page` already
 * logged in as it: the session, refreshed to carry the role, goes where the panel keeps it. A phone gets one login
 * code a minute, so the agent is not made to log in through the form a second time.
 */
export async function openPanelAsAgent(page: Page, phone: string, adminToken: string): Promise<ApiSession> {
  const first = await logInThroughApi(phone);
  await callApi(GrantRoleDocument, { input: { userId: first.user.id, role: 'AGENT' } }, adminToken);
  const { refreshSession: refreshed } = await callApi(RefreshSessionDocument, { refreshToken: first.refreshToken });
  const agent: ApiSession = { ...refreshed, user: { ...first.user, roles: refreshed.user.roles } };
  await page.goto(`${inject('baseUrl')}/admin/login`);
  await page.evaluate((session) => {
    localStorage.setItem(
      'support.session',
      JSON.stringify({
        accessToken: session.accessToken,
        refreshToken: session.refreshToken,
        expiresAt: Date.parse(session.expiresAt),
        obtainedAt: Date.now(),
        user: { id: session.user.id, roles: session.user.roles, displayName: session.user.displayName },
      }),
    );
  }, agent);
  await page.goto(`${inject('baseUrl')}/admin/`);
  return agent;
}
