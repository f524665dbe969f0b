import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateApiKeyDocument,
  GrantRoleDocument,
  LogoutDocument,
  LogoutEverywhereDocument,
  MeDocument,
  MySessionsDocument,
  RefreshSessionDocument,
  RevokeApiKeyDocument,
  RevokeRoleDocument,
  RevokeSessionDocument,
  SetApiKeyScopesDocument,
  TicketEventsDocument,
  StaffTicketsDocument,
  UserDocument,
} from '@support/schema';
import { deriveKeys, signAccessToken } from '../src/modules/identity/tokens.js';
import { errorCodes, execute, startTestServer, type TestServer } from './harness.js';
import { login, loginAs, outbox, skipCooldown } from './identity-helpers.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

/**
 * Two API instances on one database and one Redis: every credential change is made through `a`, while the sockets
 * it must reach are open on `b`.
 */
let a: TestServer;
let b: TestServer;
let admin: Session;

beforeAll(async () => {
  const env = { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: `test-${randomUUID()}:` };
  a = await startTestServer({ env });
  b = await startTestServer({ env, database: a.db });
  admin = await loginAs(a, ['ADMIN']);
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

interface OpenSocket {
  /** Resolves with the close code and when it closed. */
  closed: Promise<{ code: number; at: number }>;
  close(): void;
}

/** A graphql-ws socket on instance `b`, acknowledged and following `ticketEvents`, as a client app holds one. */
async function openSocket(payload: Record<string, unknown>): Promise<OpenSocket> {
  const socket = new WebSocket(b.wsUrl, 'graphql-transport-ws');
  const closed = new Promise<{ code: number; at: number }>((resolve) =>
    socket.addEventListener('close', (event) => resolve({ code: event.code, at: Date.now() })),
  );
  await new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }));
  const acked = new Promise<void>((resolve, reject) =>
    socket.addEventListener(
      'message',
      (event) => {
        const type = (JSON.parse(String(event.data)) as { type: string }).type;
        if (type === 'connection_ack') resolve();
        else reject(new Error(`expected connection_ack, got ${type}`));
      },
      { once: true },
    ),
  );
  socket.send(JSON.stringify({ type: 'connection_init', payload }));
  await acked;
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: print(TicketEventsDocument) } }));
  return { closed, close: () => socket.close() };
}

/** Runs `change` and checks that the socket closed with `code` within a second of the change's answer. */
async function expectClosedBy(socket: OpenSocket, change: () => Promise<unknown>, code = 4403) {
  const result = await change();
  expect(errorCodes(result)).toEqual([]);
  const answeredAt = Date.now();
  const closed = await socket.closed;
  expect(closed.code).toBe(code);
  expect(closed.at - answeredAt).toBeLessThan(1000);
}

const bearer = (session: { accessToken: string }) => ({ authorization: `Bearer ${session.accessToken}` });

describe('ending a session closes its sockets on every instance and stops its token over HTTP', () => {
  it('logout', async () => {
    const session = await login(a);
    const socket = await openSocket(bearer(session));
    await expectClosedBy(socket, () =>
      execute(a.graphqlUrl, LogoutDocument, undefined, { token: session.accessToken }),
    );
    const me = await execute(b.graphqlUrl, MeDocument, undefined, { token: session.accessToken });
    expect(me.status).toBe(401);
    expect(errorCodes(me)).toEqual(['UNAUTHENTICATED']);
  });

  it('logout everywhere', async () => {
    const first = await login(a);
    await skipCooldown(a, first.phone);
    const second = await login(a, first.phone);
    const sockets = await Promise.all([openSocket(bearer(first)), openSocket(bearer(second))]);
    await expectClosedBy(sockets[0]!, () =>
      execute(a.graphqlUrl, LogoutEverywhereDocument, undefined, { token: second.accessToken }),
    );
    expect((await sockets[1]!.closed).code).toBe(4403);
    for (const session of [first, second]) {
      expect((await execute(b.graphqlUrl, MeDocument, undefined, { token: session.accessToken })).status).toBe(401);
    }
  });

  it('a session revoked from another device', async () => {
    const first = await login(a);
    await skipCooldown(a, first.phone);
    const second = await login(a, first.phone);
    const socket = await openSocket(bearer(first));
    const sessions = (await execute(a.graphqlUrl, MySessionsDocument, undefined, { token: second.accessToken })).data!
      .mySessions;
    const target = sessions.find((s) => !s.current)!;
    await expectClosedBy(socket, () =>
      execute(a.graphqlUrl, RevokeSessionDocument, { id: target.id }, { token: second.accessToken }),
    );
    expect((await execute(b.graphqlUrl, MeDocument, undefined, { token: first.accessToken })).status).toBe(401);
  });
});

describe('a role change takes effect at once', () => {
  it('a revoked AGENT role: the socket closes and the same token no longer reads staff data', async () => {
    const agent = await loginAs(a, ['AGENT']);
    const customer = await login(a);
    expect(errorCodes(await execute(b.graphqlUrl, StaffTicketsDocument, {}, { token: agent.accessToken }))).toEqual([]);
    const socket = await openSocket(bearer(agent));
    await expectClosedBy(socket, () =>
      execute(a.graphqlUrl, RevokeRoleDocument, { input: { userId: agent.user.id, role: 'AGENT' } }, as(admin)),
    );
    const token = { token: agent.accessToken };
    expect(errorCodes(await execute(b.graphqlUrl, StaffTicketsDocument, {}, token))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await execute(b.graphqlUrl, UserDocument, { id: customer.user.id }, token))).toEqual([
      'FORBIDDEN',
    ]);
    // The next refresh carries the new roles.
    const refreshed = await execute(a.graphqlUrl, RefreshSessionDocument, { refreshToken: agent.refreshToken });
    expect(refreshed.data?.refreshSession.user.roles).toEqual(['CUSTOMER']);
  });

  it('a granted AGENT role: the socket closes to reconnect as staff, and the same token reads staff data', async () => {
    const customer = await login(a);
    expect(errorCodes(await execute(b.graphqlUrl, StaffTicketsDocument, {}, { token: customer.accessToken }))).toEqual([
      'FORBIDDEN',
    ]);
    const socket = await openSocket(bearer(customer));
    await expectClosedBy(socket, () =>
      execute(a.graphqlUrl, GrantRoleDocument, { input: { userId: customer.user.id, role: 'AGENT' } }, as(admin)),
    );
    expect(errorCodes(await execute(b.graphqlUrl, StaffTicketsDocument, {}, { token: customer.accessToken }))).toEqual(
      [],
    );
  });

  it('holds on an instance that starts after the change', async () => {
    const agent = await loginAs(a, ['AGENT']);
    await execute(a.graphqlUrl, RevokeRoleDocument, { input: { userId: agent.user.id, role: 'AGENT' } }, as(admin));
    const late = await startTestServer({ database: a.db, env: { REDIS_PREFIX: `late-${randomUUID()}:` } });
    try {
      const result = await execute(late.graphqlUrl, StaffTicketsDocument, {}, { token: agent.accessToken });
      expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    } finally {
      await late.close();
    }
  });
});

describe('API keys', () => {
  async function createKey(scopes: string[]) {
    const created = await execute(
      a.graphqlUrl,
      CreateApiKeyDocument,
      { input: { name: `CRM ${randomUUID()}`, scopes } },
      as(admin),
    );
    return created.data!.createApiKey;
  }

  it('a revoked key: its open socket closes and HTTP refuses it', async () => {
    const key = await createKey(['tickets:read']);
    const socket = await openSocket({ 'x-api-key': key.secret });
    await expectClosedBy(socket, () => execute(a.graphqlUrl, RevokeApiKeyDocument, { id: key.apiKey.id }, as(admin)));
    const http = await execute(b.graphqlUrl, MeDocument, undefined, { headers: { 'x-api-key': key.secret } });
    expect(http.status).toBe(401);
  });

  it('a re-scoped key: its open socket closes, and without tickets:read it cannot follow events again', async () => {
    const key = await createKey(['tickets:read', 'webhooks:manage']);
    const socket = await openSocket({ 'x-api-key': key.secret });
    await expectClosedBy(socket, () =>
      execute(a.graphqlUrl, SetApiKeyScopesDocument, { id: key.apiKey.id, scopes: ['webhooks:manage'] }, as(admin)),
    );
    const again = new WebSocket(b.wsUrl, 'graphql-transport-ws');
    const messages: Array<{ type: string; payload?: unknown }> = [];
    const refused = new Promise<void>((resolve) =>
      again.addEventListener('message', (event) => {
        const message = JSON.parse(String(event.data)) as { type: string; payload?: unknown };
        messages.push(message);
        if (message.type === 'connection_ack') {
          again.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: print(TicketEventsDocument) } }));
        }
        if (message.type === 'error' || message.type === 'next') resolve();
      }),
    );
    await new Promise((resolve) => again.addEventListener('open', resolve, { once: true }));
    again.send(JSON.stringify({ type: 'connection_init', payload: { 'x-api-key': key.secret } }));
    await refused;
    again.close();
    const answer = messages.find((message) => message.type === 'next' || message.type === 'error');
    expect(JSON.stringify(answer)).toContain('FORBIDDEN');
  });

  it('refuses re-scoping to an unknown scope and re-scoping a revoked key', async () => {
    const key = await createKey(['tickets:read']);
    const unknown = await execute(
      a.graphqlUrl,
      SetApiKeyScopesDocument,
      { id: key.apiKey.id, scopes: ['everything'] },
      as(admin),
    );
    expect(errorCodes(unknown)).toEqual(['BAD_USER_INPUT']);
    await execute(a.graphqlUrl, RevokeApiKeyDocument, { id: key.apiKey.id }, as(admin));
    const revoked = await execute(
      a.graphqlUrl,
      SetApiKeyScopesDocument,
      { id: key.apiKey.id, scopes: ['tickets:read'] },
      as(admin),
    );
    expect(errorCodes(revoked)).toEqual(['API_KEY_REVOKED']);
  });
});

describe('sockets live no longer than their access token', () => {
  it('closes a socket with 4401 when the token it was opened with expires; HTTP refuses that token too', async () => {
    const session = await login(a);
    const { sid } = JSON.parse(Buffer.from(session.accessToken.split('.')[1]!, 'base64url').toString()) as {
      sid: string;
    };
    // A token of this session that lives two seconds (the configured lifetime is at least 30 s).
    const { token } = await signAccessToken(
      deriveKeys(a.config.AUTH_SECRET).accessToken,
      { userId: session.user.id, sessionId: sid, roles: ['CUSTOMER'] },
      2,
    );
    const openedAt = Date.now();
    const socket = await openSocket({ authorization: `Bearer ${token}` });
    const closed = await socket.closed;
    expect(closed.code).toBe(4401);
    expect(closed.at - openedAt).toBeGreaterThanOrEqual(1000);
    expect((await execute(b.graphqlUrl, MeDocument, undefined, { token })).status).toBe(401);
  });
});

describe('refresh-token families', () => {
  it('revokes the whole family when a voided token turns up after a replay, and tells the owner', async () => {
    const session = await login(a);
    const t = session.refreshToken;
    const p1 = (await execute(a.graphqlUrl, RefreshSessionDocument, { refreshToken: t })).data!.refreshSession;
    // T presented again within the grace: a new pair P2, and P1 is voided.
    const p2 = (await execute(a.graphqlUrl, RefreshSessionDocument, { refreshToken: t })).data!.refreshSession;
    const socket = await openSocket(bearer(p2));
    // The other holder comes back with P1: both go.
    const holder = await execute(a.graphqlUrl, RefreshSessionDocument, { refreshToken: p1.refreshToken });
    expect(errorCodes(holder)).toEqual(['UNAUTHENTICATED']);
    expect((await socket.closed).code).toBe(4403);
    const replayer = await execute(a.graphqlUrl, RefreshSessionDocument, { refreshToken: p2.refreshToken });
    expect(errorCodes(replayer)).toEqual(['UNAUTHENTICATED']);
    for (const pair of [session, p1, p2]) {
      expect((await execute(b.graphqlUrl, MeDocument, undefined, { token: pair.accessToken })).status).toBe(401);
    }
    const notices = (await outbox(a, session.phone)).filter((m) => m.channel === 'SECURITY_CHAT');
    expect(notices.map((m) => m.purpose)).toContain('session_hijack_suspected');
  });
});

function as(session: { accessToken: string }) {
  return { token: session.accessToken };
}
