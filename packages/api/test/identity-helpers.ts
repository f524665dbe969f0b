import { randomInt } from 'node:crypto';
import {
  RefreshSessionDocument,
  RequestLoginCodeDocument,
  VerifyLoginCodeDocument,
  type LoginChannel,
} from '@support/schema';
import { User } from '../src/modules/identity/identity.entity.js';
import { execute, type TestServer } from './harness.js';

/** A fresh valid Russian mobile number, so tests never share cooldowns or accounts. */
export const randomPhone = (): string => `+7900${randomInt(0, 10_000_000).toString().padStart(7, '0')}`;

export interface OutboxMessage {
  id: string;
  channel: string;
  to: string;
  purpose: string;
  text: string;
  status: string;
  createdAt: string;
  code?: string;
  callerNumber?: string;
}

/** Reads /dev/outbox as a developer would. */
export async function outbox(api: TestServer, to: string): Promise<OutboxMessage[]> {
  const response = await fetch(`${api.httpUrl}/dev/outbox?to=${encodeURIComponent(to)}`);
  if (!response.ok) throw new Error(`outbox answered ${response.status}`);
  return (await response.json()) as OutboxMessage[];
}

export async function latestCode(api: TestServer, phone: string, channel = 'SMS'): Promise<string> {
  const message = (await outbox(api, phone)).find((m) => m.channel === channel && m.purpose === 'login_code');
  if (!message?.code) throw new Error(`no ${channel} code for ${phone}`);
  return message.code;
}

export async function requestCode(api: TestServer, phone: string, channel: LoginChannel = 'SMS', headers = {}) {
  return execute(api.graphqlUrl, RequestLoginCodeDocument, { input: { phone, channel } }, { headers });
}

/** Logs in with an SMS code; returns the session. */
export async function login(api: TestServer, phone = randomPhone(), headers: Record<string, string> = {}) {
  const challenge = await requestCode(api, phone, 'SMS', headers);
  const id = challenge.data?.requestLoginCode.id;
  if (!id) throw new Error(`requestLoginCode failed: ${JSON.stringify(challenge.errors)}`);
  const code = await latestCode(api, phone);
  const verified = await execute(
    api.graphqlUrl,
    VerifyLoginCodeDocument,
    { input: { challengeId: id, code } },
    { headers },
  );
  const session = verified.data?.verifyLoginCode;
  if (!session) throw new Error(`verifyLoginCode failed: ${JSON.stringify(verified.errors)}`);
  return { ...session, phone };
}

/** Lets the next code be requested at once (the 60-second resend cooldown is tested on its own). */
export async function skipCooldown(api: TestServer, phone: string): Promise<void> {
  await api.db.orm.em
    .fork()
    .execute(`update login_challenge set resend_available_at = now() - interval '1 second' where phone = ?`, [phone]);
}

/** A logged-in account holding exactly `roles` (set directly, then refreshed so the token carries them). */
export async function loginAs(api: TestServer, roles: string[]) {
  const session = await login(api);
  await api.db.orm.em
    .fork()
    .execute(`update app_user set roles = ?::text[] where id = ?`, [`{${roles.join(',')}}`, session.user.id]);
  const refreshed = await execute(api.graphqlUrl, RefreshSessionDocument, { refreshToken: session.refreshToken });
  const next = refreshed.data?.refreshSession;
  if (!next) throw new Error(`refresh failed: ${JSON.stringify(refreshed.errors)}`);
  return { ...session, accessToken: next.accessToken, refreshToken: next.refreshToken };
}

/**
 * An account holding `roles` with a session opened directly by the session service: for servers in production
 * mode, where /dev/outbox (and so the code) is not reachable.
 */
export async function openSession(api: TestServer, roles: string[]) {
  const phone = randomPhone();
  const issued = await api.db.orm.em.fork().transactional(async (tx) => {
    const user = tx.create(User, { phone, displayName: `Test ${phone.slice(-4)}`, email: null, roles });
    return api.services.sessions.open(tx, user, { ip: '127.0.0.1', userAgent: 'test' });
  });
  return {
    accessToken: issued.accessToken,
    refreshToken: issued.refreshToken,
    user: { id: issued.user.id },
    phone,
  };
}
