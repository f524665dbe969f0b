import { inject } from 'vitest';
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Page } from 'playwright-core';
import {
  GrantRoleDocument,
  RefreshSessionDocument,
  RequestLoginCodeDocument,
  VerifyLoginCodeDocument,
} from '@support/schema';
import { readLoginCode, readStoredSession } from './fixtures';

export interface ApiCall {
  token?: string | undefined;
  /** Accept-Language, as the apps send it (the API answers in Russian by default). */
  language?: 'ru' | 'en';
}

export interface ApiAnswer<TResult> {
  data?: TResult | null;
  errors?: Array<{ message: string; extensions?: { code?: string; [key: string]: unknown } }>;
}

/** Calls the API over HTTP as the marketplace apps do, and returns the raw answer (data and errors). */
export async function askApi<TResult, TVariables>(
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  { token, language }: ApiCall = {},
): Promise<ApiAnswer<TResult>> {
  const response = await fetch(`${inject('baseUrl')}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(language ? { 'accept-language': language } : {}),
    },
    body: JSON.stringify({ query: print(document), variables }),
  });
  return (await response.json()) as ApiAnswer<TResult>;
}

/** Like askApi, but fails the test on any GraphQL error. */
export async function callApi<TResult, TVariables>(
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  call: ApiCall = {},
): Promise<TResult> {
  const answer = await askApi(document, variables, call);
  if (answer.errors?.length || !answer.data) throw new Error(`API error: ${JSON.stringify(answer.errors)}`);
  return answer.data;
}

export interface IssuedSession {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  user: { id: string; roles: string[]; displayName?: string };
}

/** Logs an account in through the API (the code read from the development outbox), as an app would. */
export async function logInThroughApi(phone: string): Promise<IssuedSession> {
  const { requestLoginCode } = await callApi(RequestLoginCodeDocument, { input: { phone, channel: 'SMS' } });
  const code = await readLoginCode(phone);
  const { verifyLoginCode } = await callApi(VerifyLoginCodeDocument, {
    input: { challengeId: requestLoginCode.id, code, platform: 'WEB' },
  });
  return verifyLoginCode;
}

/** The access token of the staff member logged in on `page`. */
export async function tokenOf(page: Page): Promise<string> {
  const session = await readStoredSession(page);
  if (!session) throw new Error('nobody is logged in on this page');
  return session.accessToken;
}

/**
 * Makes the account an AGENT (with an admin's token) and renews its session, so that its token carries the role.
 * Returns the renewed session.
 */
export async function makeAgent(session: IssuedSession, adminToken: string): Promise<IssuedSession> {
  await callApi(GrantRoleDocument, { input: { userId: session.user.id, role: 'AGENT' } }, { token: adminToken });
  const { refreshSession } = await callApi(RefreshSessionDocument, { refreshToken: session.refreshToken });
  return { ...refreshSession, user: { ...refreshSession.user, displayName: session.user.displayName ?? '' } };
}

/**
 * Makes `session` the panel's stored session on `page` and opens the panel, as if that staff member had logged in
 * there: a phone gets one login code a minute, so an account logged in through the API is not sent through the
 * login form again.
 */
export async function enterPanel(page: Page, session: IssuedSession): Promise<void> {
  await page.goto(`${inject('baseUrl')}/admin/login`);
  await page.evaluate((stored) => localStorage.setItem('support.session', JSON.stringify(stored)), {
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
    expiresAt: Date.parse(session.expiresAt),
    obtainedAt: Date.now(),
    user: { id: session.user.id, roles: session.user.roles, displayName: session.user.displayName ?? '' },
  });
  await page.goto(`${inject('baseUrl')}/admin/`);
}

/** One API login per phone for the whole file (a phone gets one code a minute): later calls share the session. */
export function sessionsOnce(): (phone: string) => Promise<IssuedSession> {
  const sessions = new Map<string, Promise<IssuedSession>>();
  return (phone) => {
    let session = sessions.get(phone);
    if (!session) {
      session = logInThroughApi(phone);
      sessions.set(phone, session);
    }
    return session;
  };
}
