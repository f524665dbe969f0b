import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GrantRoleDocument,
  LogoutDocument,
  LogoutEverywhereDocument,
  MeDocument,
  MySessionsDocument,
  RefreshSessionDocument,
  RegisterDeviceDocument,
  RevokeRoleDocument,
  RevokeSessionDocument,
  UserDocument,
  VerifyLoginCodeDocument,
} from '@support/schema';
import { print } from 'graphql';
import { errorCodes, execute, startTestServer, wsClient, type TestServer } from './harness.js';
import { latestCode, login, outbox, randomPhone, requestCode, skipCooldown } from './identity-helpers.js';

let api: TestServer;
const ADMIN_PHONE = randomPhone();

beforeAll(async () => {
  api = await startTestServer({ env: { ADMIN_PHONES: `8${ADMIN_PHONE.slice(2)}` } });
});
afterAll(async () => {
  await api?.close();
});

const verify = (challengeId: string, code: string, token?: string) =>
  execute(api.graphqlUrl, VerifyLoginCodeDocument, { input: { challengeId, code } }, token ? { token } : {});

describe('requesting a code', () => {
  it('normalises the phone to E.164 whatever the format typed', async () => {
    const phone = randomPhone();
    const typed = `8 (${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8, 10)}-${phone.slice(10)}`;
    const result = await requestCode(api, typed);
    expect(result.errors).toBeUndefined();
    expect((await outbox(api, phone))[0]?.to).toBe(phone);
  });

  it('refuses an invalid phone with BAD_USER_INPUT naming the field', async () => {
    for (const phone of ['123', '+7 000 000', 'not a phone', '+7 900 000 00 00 00']) {
      const result = await requestCode(api, phone);
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors?.[0]?.extensions?.['fields']).toHaveProperty(['input.phone']);
    }
  });

  it('answers a known and an unknown phone identically', async () => {
    const known = await login(api);
    await skipCooldown(api, known.phone);
    const [forKnown, forUnknown] = await Promise.all([requestCode(api, known.phone), requestCode(api, randomPhone())]);
    const shape = (value: unknown) =>
      Object.entries(value as Record<string, unknown>).map(([key, field]) => [key, typeof field]);
    expect(forKnown.status).toBe(forUnknown.status);
    expect(forKnown.errors).toBeUndefined();
    expect(forUnknown.errors).toBeUndefined();
    expect(shape(forKnown.data?.requestLoginCode)).toEqual(shape(forUnknown.data?.requestLoginCode));
    const ttl = (c: { expiresAt: string; resendAvailableAt: string }) => [
      Date.parse(c.expiresAt) - Date.parse(c.resendAvailableAt),
    ];
    expect(ttl(forKnown.data!.requestLoginCode)).toEqual(ttl(forUnknown.data!.requestLoginCode));
  });

  it('says when the code expires and when a new one can be asked for', async () => {
    const before = Date.now();
    const challenge = (await requestCode(api, randomPhone())).data!.requestLoginCode;
    expect(challenge.codeLength).toBe(6);
    expect(Date.parse(challenge.expiresAt) - before).toBeGreaterThanOrEqual(299_000);
    expect(Date.parse(challenge.expiresAt) - before).toBeLessThanOrEqual(301_000);
    expect(Date.parse(challenge.resendAvailableAt) - before).toBeGreaterThanOrEqual(59_000);
  });
});

describe('channels', () => {
  it('SMS: the text carries a six-digit code', async () => {
    const phone = randomPhone();
    await requestCode(api, phone, 'SMS');
    const [message] = await outbox(api, phone);
    expect(message).toMatchObject({ channel: 'SMS', to: phone, purpose: 'login_code' });
    expect(message?.code).toMatch(/^\d{6}$/);
    expect(message?.text).toContain(message?.code);
  });

  it('CALL: a flash call whose number ends with the code', async () => {
    const phone = randomPhone();
    const challenge = (await requestCode(api, phone, 'CALL')).data!.requestLoginCode;
    const [message] = await outbox(api, phone);
    expect(message?.channel).toBe('CALL');
    expect(message?.callerNumber).toMatch(/^\+7\d{10}$/);
    const code = message!.callerNumber!.slice(-6);
    expect(code).toBe(message?.code);
    const session = await verify(challenge.id, code);
    expect(session.data?.verifyLoginCode.user.phone).toBe(phone);
  });

  it("PUSH: goes to the account's registered devices, and to nobody for a phone without any", async () => {
    const account = await login(api);
    const device = await execute(
      api.graphqlUrl,
      RegisterDeviceDocument,
      { input: { token: `fcm-${account.phone}`, platform: 'ANDROID' } },
      { token: account.accessToken },
    );
    expect(device.data?.registerDevice.platform).toBe('ANDROID');
    await skipCooldown(api, account.phone);
    const challenge = (await requestCode(api, account.phone, 'PUSH')).data!.requestLoginCode;
    const push = (await outbox(api, account.phone)).find((m) => m.channel === 'PUSH');
    expect(push?.code).toMatch(/^\d{6}$/);
    expect((await verify(challenge.id, push!.code!)).data?.verifyLoginCode.user.id).toBe(account.user.id);

    const stranger = randomPhone();
    const blind = await requestCode(api, stranger, 'PUSH');
    expect(blind.errors).toBeUndefined();
    expect(await outbox(api, stranger)).toEqual([]);
  });

  it('SECURITY_CHAT: lands in the Security chat of an account logged in elsewhere, only then', async () => {
    const account = await login(api);
    await skipCooldown(api, account.phone);
    const challenge = (await requestCode(api, account.phone, 'SECURITY_CHAT')).data!.requestLoginCode;
    const message = (await outbox(api, account.phone)).find((m) => m.channel === 'SECURITY_CHAT');
    expect(message?.purpose).toBe('login_code');
    const second = await verify(challenge.id, message!.code!);
    expect(second.data?.verifyLoginCode.user.id).toBe(account.user.id);
    // The login from a new device is announced in the Security chat too.
    expect((await outbox(api, account.phone)).some((m) => m.purpose === 'new_device_login')).toBe(true);

    const loggedOut = randomPhone();
    expect((await requestCode(api, loggedOut, 'SECURITY_CHAT')).errors).toBeUndefined();
    expect(await outbox(api, loggedOut)).toEqual([]);
  });
});

describe('checking a code', () => {
  it('creates the account on the first successful login, as a customer', async () => {
    const phone = randomPhone();
    const session = await login(api, phone);
    expect(session.user).toMatchObject({ phone, roles: ['CUSTOMER'] });
    const me = await execute(api.graphqlUrl, MeDocument, undefined, { token: session.accessToken });
    expect(me.data?.me?.id).toBe(session.user.id);
  });

  it('gives ADMIN from the first login to a phone listed in ADMIN_PHONES', async () => {
    const session = await login(api, ADMIN_PHONE);
    expect(session.user.roles).toContain('ADMIN');
  });

  it('accepts a code once only', async () => {
    const phone = randomPhone();
    const challenge = (await requestCode(api, phone)).data!.requestLoginCode;
    const code = await latestCode(api, phone);
    expect((await verify(challenge.id, code)).errors).toBeUndefined();
    expect(errorCodes(await verify(challenge.id, code))).toEqual(['LOGIN_CODE_EXPIRED']);
  });

  it('refuses an expired code', async () => {
    const phone = randomPhone();
    const challenge = (await requestCode(api, phone)).data!.requestLoginCode;
    await api.db.orm.em
      .fork()
      .execute(`update login_challenge set expires_at = now() - interval '1 second' where id = ?`, [challenge.id]);
    expect(errorCodes(await verify(challenge.id, await latestCode(api, phone)))).toEqual(['LOGIN_CODE_EXPIRED']);
  });

  it('burns the challenge on the fifth wrong try, after which even the right code fails', async () => {
    const phone = randomPhone();
    const challenge = (await requestCode(api, phone)).data!.requestLoginCode;
    const code = await latestCode(api, phone);
    const wrong = code === '000000' ? '111111' : '000000';
    const attemptsLeft: unknown[] = [];
    for (let i = 0; i < 5; i += 1) {
      const result = await verify(challenge.id, wrong);
      expect(errorCodes(result)).toEqual(['LOGIN_CODE_INVALID']);
      attemptsLeft.push(result.errors?.[0]?.extensions?.['attemptsLeft']);
    }
    expect(attemptsLeft).toEqual([4, 3, 2, 1, 0]);
    expect(errorCodes(await verify(challenge.id, code))).toEqual(['LOGIN_ATTEMPTS_EXCEEDED']);
  });

  it('counts parallel guesses exactly, so a burst cannot beat the limit', async () => {
    const phone = randomPhone();
    const challenge = (await requestCode(api, phone)).data!.requestLoginCode;
    const code = await latestCode(api, phone);
    const guesses = Array.from({ length: 20 }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'));
    const results = await Promise.all(guesses.map((guess) => verify(challenge.id, guess)));
    const codes = results.flatMap(errorCodes);
    expect(codes.filter((c) => c === 'LOGIN_CODE_INVALID')).toHaveLength(5);
    expect(codes.filter((c) => c === 'LOGIN_ATTEMPTS_EXCEEDED')).toHaveLength(15);
    expect(errorCodes(await verify(challenge.id, code))).toEqual(['LOGIN_ATTEMPTS_EXCEEDED']);
  });

  it('refuses malformed codes and unknown challenges without counting them', async () => {
    const phone = randomPhone();
    const challenge = (await requestCode(api, phone)).data!.requestLoginCode;
    expect(errorCodes(await verify(challenge.id, '12ab'))).toEqual(['BAD_USER_INPUT']);
    // An id that is not one this API gives out is refused at the input boundary, never looked up.
    expect(errorCodes(await verify('not-an-id', '123456'))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await verify('01a20047-5424-7138-8e90-2cfe7eac0740', '123456'))).toEqual(['NOT_FOUND']);
    expect((await verify(challenge.id, await latestCode(api, phone))).errors).toBeUndefined();
  });

  it('stores only a keyed hash of the code', async () => {
    const phone = randomPhone();
    const challenge = (await requestCode(api, phone)).data!.requestLoginCode;
    const code = await latestCode(api, phone);
    const [row] = await api.db.orm.em
      .fork()
      .execute<Array<Record<string, unknown>>>('select * from login_challenge where id = ?', [challenge.id]);
    expect(JSON.stringify(row)).not.toContain(code);
    expect(row?.['code_hash']).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('resend cooldown and rate limits', () => {
  it('refuses a second code within 60 seconds, saying when to retry', async () => {
    const phone = randomPhone();
    expect((await requestCode(api, phone)).errors).toBeUndefined();
    const again = await requestCode(api, phone, 'CALL');
    expect(errorCodes(again)).toEqual(['RATE_LIMITED']);
    const retryAfter = again.errors?.[0]?.extensions?.['retryAfterSeconds'] as number;
    expect(retryAfter).toBeGreaterThan(50);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('holds the cooldown under parallel requests for one phone', async () => {
    const phone = randomPhone();
    const results = await Promise.all(Array.from({ length: 6 }, () => requestCode(api, phone)));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect((await outbox(api, phone)).filter((m) => m.purpose === 'login_code')).toHaveLength(1);
  });
});

describe('rate limits per phone and per IP', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({
      env: { LOGIN_CODES_PER_PHONE_PER_HOUR: '3', LOGIN_CODES_PER_IP_PER_HOUR: '8', TRUST_PROXY: 'true' },
    });
  });
  afterAll(async () => {
    await limited?.close();
  });

  it('allows a few codes per phone per hour, then RATE_LIMITED with a retry-after', async () => {
    const phone = randomPhone();
    const ip = { 'x-forwarded-for': '203.0.113.10' };
    for (let i = 0; i < 3; i += 1) {
      expect((await requestCode(limited, phone, 'SMS', ip)).errors).toBeUndefined();
      await skipCooldown(limited, phone);
    }
    const refused = await requestCode(limited, phone, 'SMS', ip);
    expect(errorCodes(refused)).toEqual(['RATE_LIMITED']);
    expect(refused.errors?.[0]?.extensions?.['retryAfterSeconds']).toBeGreaterThan(0);
  });

  it('limits one address across many phones, without touching other addresses', async () => {
    const ip = { 'x-forwarded-for': '198.51.100.7' };
    for (let i = 0; i < 8; i += 1)
      expect((await requestCode(limited, randomPhone(), 'SMS', ip)).errors).toBeUndefined();
    expect(errorCodes(await requestCode(limited, randomPhone(), 'SMS', ip))).toEqual(['RATE_LIMITED']);
    const elsewhere = await requestCode(limited, randomPhone(), 'SMS', { 'x-forwarded-for': '198.51.100.8' });
    expect(elsewhere.errors).toBeUndefined();
  });
});

describe('sessions', () => {
  it('rotates the refresh token: the new pair works, the old access token still verifies until it expires', async () => {
    const session = await login(api);
    const refreshed = await execute(api.graphqlUrl, RefreshSessionDocument, { refreshToken: session.refreshToken });
    expect(refreshed.errors).toBeUndefined();
    const next = refreshed.data!.refreshSession;
    expect(next.refreshToken).not.toBe(session.refreshToken);
    const me = await execute(api.graphqlUrl, MeDocument, undefined, { token: next.accessToken });
    expect(me.data?.me?.id).toBe(session.user.id);
    const again = await execute(api.graphqlUrl, RefreshSessionDocument, { refreshToken: next.refreshToken });
    expect(again.errors).toBeUndefined();
  });

  it('revokes the whole session when a spent refresh token is presented again after its successor was used', async () => {
    const session = await login(api);
    const rotated = (await execute(api.graphqlUrl, RefreshSessionDocument, { refreshToken: session.refreshToken }))
      .data!.refreshSession;
    const newest = (await execute(api.graphqlUrl, RefreshSessionDocument, { refreshToken: rotated.refreshToken })).data!
      .refreshSession;
    const replay = await execute(api.graphqlUrl, RefreshSessionDocument, { refreshToken: session.refreshToken });
    expect(errorCodes(replay)).toEqual(['UNAUTHENTICATED']);
    // The thief's replay also ends the legitimate holder's newer token: the family is gone.
    const legit = await execute(api.graphqlUrl, RefreshSessionDocument, { refreshToken: newest.refreshToken });
    expect(errorCodes(legit)).toEqual(['UNAUTHENTICATED']);
    expect((await outbox(api, session.phone)).some((m) => m.purpose === 'session_hijack_suspected')).toBe(true);
  });

  it('lets a client whose refresh answer was lost retry it once more within 30 seconds; the lost pair is void', async () => {
    const session = await login(api);
    const lost = (await execute(api.graphqlUrl, RefreshSessionDocument, { refreshToken: session.refreshToken })).data!
      .refreshSession;
    const retried = await execute(api.graphqlUrl, RefreshSessionDocument, { refreshToken: session.refreshToken });
    expect(retried.errors).toBeUndefined();
    const pair = retried.data!.refreshSession;
    expect(pair.refreshToken).not.toBe(lost.refreshToken);
    const next = await execute(api.graphqlUrl, RefreshSessionDocument, { refreshToken: pair.refreshToken });
    expect(next.errors).toBeUndefined();
    // Past the window, or once the newer pair is in use, the old token ends the session as before.
    const late = await execute(api.graphqlUrl, RefreshSessionDocument, { refreshToken: session.refreshToken });
    expect(errorCodes(late)).toEqual(['UNAUTHENTICATED']);
    const after = await execute(api.graphqlUrl, RefreshSessionDocument, {
      refreshToken: next.data!.refreshSession.refreshToken,
    });
    expect(errorCodes(after)).toEqual(['UNAUTHENTICATED']);
  });

  it('ends the whole family when the voided pair turns up after all (two holders never both go on)', async () => {
    const session = await login(api);
    const lost = (await execute(api.graphqlUrl, RefreshSessionDocument, { refreshToken: session.refreshToken })).data!
      .refreshSession;
    const retried = (await execute(api.graphqlUrl, RefreshSessionDocument, { refreshToken: session.refreshToken }))
      .data!.refreshSession;
    expect(
      errorCodes(await execute(api.graphqlUrl, RefreshSessionDocument, { refreshToken: lost.refreshToken })),
    ).toEqual(['UNAUTHENTICATED']);
    expect(
      errorCodes(await execute(api.graphqlUrl, RefreshSessionDocument, { refreshToken: retried.refreshToken })),
    ).toEqual(['UNAUTHENTICATED']);
  });

  it('does not extend the retry window: 30 seconds after the first use the spent token ends the session', async () => {
    const session = await login(api);
    await execute(api.graphqlUrl, RefreshSessionDocument, { refreshToken: session.refreshToken });
    await api.db.orm.em.fork().execute(
      `update refresh_token set used_at = used_at - interval '31 seconds'
          where used_at is not null and session_id in (select id from auth_session where user_id = ?)`,
      [session.user.id],
    );
    const replay = await execute(api.graphqlUrl, RefreshSessionDocument, { refreshToken: session.refreshToken });
    expect(errorCodes(replay)).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses an unknown refresh token', async () => {
    const result = await execute(api.graphqlUrl, RefreshSessionDocument, { refreshToken: 'made-up' });
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
  });

  it('lists the devices, marks the current one, and revokes one on request', async () => {
    const first = await login(api);
    await skipCooldown(api, first.phone);
    const second = await login(api, first.phone, { 'user-agent': 'SupportApp/2.0 (Android 14)' });
    const listed = await execute(api.graphqlUrl, MySessionsDocument, undefined, { token: second.accessToken });
    const sessions = listed.data!.mySessions;
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    expect(sessions.find((s) => s.current)?.userAgent).toBe('SupportApp/2.0 (Android 14)');
    expect(sessions[0]?.location).toBe('Local network');

    const other = sessions.find((s) => !s.current)!;
    const revoked = await execute(
      api.graphqlUrl,
      RevokeSessionDocument,
      { id: other.id },
      { token: second.accessToken },
    );
    expect(revoked.data?.revokeSession).toBe(true);
    expect(
      errorCodes(await execute(api.graphqlUrl, RefreshSessionDocument, { refreshToken: first.refreshToken })),
    ).toEqual(['UNAUTHENTICATED']);
    const left = await execute(api.graphqlUrl, MySessionsDocument, undefined, { token: second.accessToken });
    expect(left.data!.mySessions.map((s) => s.current)).toEqual([true]);
  });

  it("cannot revoke another account's session", async () => {
    const victim = await login(api);
    const attacker = await login(api);
    const victimSessions = await execute(api.graphqlUrl, MySessionsDocument, undefined, { token: victim.accessToken });
    const id = victimSessions.data!.mySessions[0]!.id;
    const result = await execute(api.graphqlUrl, RevokeSessionDocument, { id }, { token: attacker.accessToken });
    expect(errorCodes(result)).toEqual(['NOT_FOUND']);
    expect(
      (await execute(api.graphqlUrl, RefreshSessionDocument, { refreshToken: victim.refreshToken })).errors,
    ).toBeUndefined();
  });

  it('stops a logged-out session’s access token at once, not only its refresh token', async () => {
    const session = await login(api);
    expect((await execute(api.graphqlUrl, MeDocument, undefined, { token: session.accessToken })).data?.me?.id).toBe(
      session.user.id,
    );
    await execute(api.graphqlUrl, LogoutDocument, undefined, { token: session.accessToken });
    const after = await execute(api.graphqlUrl, MeDocument, undefined, { token: session.accessToken });
    expect(after.status).toBe(401);
    expect(errorCodes(after)).toEqual(['UNAUTHENTICATED']);
    // Another instance that starts later knows it too (it loads recent revocations).
    const other = await startTestServer({ database: api.db });
    try {
      const elsewhere = await execute(other.graphqlUrl, MeDocument, undefined, { token: session.accessToken });
      expect(errorCodes(elsewhere)).toEqual(['UNAUTHENTICATED']);
    } finally {
      await other.close();
    }
  });

  it('logs out this device only', async () => {
    const first = await login(api);
    await skipCooldown(api, first.phone);
    const second = await login(api, first.phone);
    expect((await execute(api.graphqlUrl, LogoutDocument, undefined, { token: first.accessToken })).data?.logout).toBe(
      true,
    );
    expect(
      errorCodes(await execute(api.graphqlUrl, RefreshSessionDocument, { refreshToken: first.refreshToken })),
    ).toEqual(['UNAUTHENTICATED']);
    expect(
      (await execute(api.graphqlUrl, RefreshSessionDocument, { refreshToken: second.refreshToken })).errors,
    ).toBeUndefined();
  });

  it('logs out everywhere: every refresh token of the account stops working', async () => {
    const first = await login(api);
    await skipCooldown(api, first.phone);
    const second = await login(api, first.phone);
    const result = await execute(api.graphqlUrl, LogoutEverywhereDocument, undefined, { token: second.accessToken });
    expect(result.data?.logoutEverywhere).toBe(true);
    for (const refreshToken of [first.refreshToken, second.refreshToken]) {
      expect(errorCodes(await execute(api.graphqlUrl, RefreshSessionDocument, { refreshToken }))).toEqual([
        'UNAUTHENTICATED',
      ]);
    }
    // Access tokens of every ended session stop at once too.
    for (const token of [first.accessToken, second.accessToken]) {
      expect(errorCodes(await execute(api.graphqlUrl, MySessionsDocument, undefined, { token }))).toEqual([
        'UNAUTHENTICATED',
      ]);
    }
  });

  it('treats a forged or malformed bearer token as UNAUTHENTICATED with status 401', async () => {
    const session = await login(api);
    const [header, payload] = session.accessToken.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    for (const token of [forged, 'garbage']) {
      const result = await execute(api.graphqlUrl, MeDocument, undefined, { token });
      expect(result.status).toBe(401);
      expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
    }
    const anonymous = await execute(api.graphqlUrl, MeDocument);
    expect(anonymous.data?.me).toBeNull();
  });
});

describe('roles', () => {
  it("refuses a customer's token on a staff-only resolver", async () => {
    const customer = await login(api);
    const asCustomer = await execute(
      api.graphqlUrl,
      UserDocument,
      { id: customer.user.id },
      { token: customer.accessToken },
    );
    expect(errorCodes(asCustomer)).toEqual(['FORBIDDEN']);
    const grant = await execute(
      api.graphqlUrl,
      GrantRoleDocument,
      { input: { userId: customer.user.id, role: 'ADMIN' } },
      { token: customer.accessToken },
    );
    expect(errorCodes(grant)).toEqual(['FORBIDDEN']);
    expect(errorCodes(await execute(api.graphqlUrl, UserDocument, { id: customer.user.id }))).toEqual([
      'UNAUTHENTICATED',
    ]);
  });

  it('lets an admin grant and revoke roles, audited, and the new role applies after a refresh', async () => {
    await skipCooldown(api, ADMIN_PHONE);
    const admin = await login(api, ADMIN_PHONE);
    const agent = await login(api);
    const granted = await execute(
      api.graphqlUrl,
      GrantRoleDocument,
      { input: { userId: agent.user.id, role: 'AGENT' } },
      { token: admin.accessToken },
    );
    expect(granted.data?.grantRole.roles).toEqual(['CUSTOMER', 'AGENT']);
    const refreshed = (await execute(api.graphqlUrl, RefreshSessionDocument, { refreshToken: agent.refreshToken }))
      .data!.refreshSession;
    const staffView = await execute(
      api.graphqlUrl,
      UserDocument,
      { id: admin.user.id },
      { token: refreshed.accessToken },
    );
    expect(staffView.data?.user.phone).toBe(ADMIN_PHONE);

    const revoked = await execute(
      api.graphqlUrl,
      RevokeRoleDocument,
      { input: { userId: agent.user.id, role: 'AGENT' } },
      { token: admin.accessToken },
    );
    expect(revoked.data?.revokeRole.roles).toEqual(['CUSTOMER']);
    const audit = await api.db.orm.em
      .fork()
      .execute<Array<{ action: string; actor_id: string }>>(
        `select action, actor_id from audit_entry where subject_id = ? order by created_at`,
        [agent.user.id],
      );
    expect(audit.map((row) => row.action)).toEqual(['user.role_granted', 'user.role_revoked']);
    expect(audit[0]?.actor_id).toBe(admin.user.id);
  });

  it('keeps an admin from removing their own ADMIN role', async () => {
    await skipCooldown(api, ADMIN_PHONE);
    const admin = await login(api, ADMIN_PHONE);
    const result = await execute(
      api.graphqlUrl,
      RevokeRoleDocument,
      { input: { userId: admin.user.id, role: 'ADMIN' } },
      { token: admin.accessToken },
    );
    expect(errorCodes(result)).toEqual(['ROLE_SELF_REVOKE']);
  });
});

describe('sockets', () => {
  const closeCode = (url: string, params: Record<string, unknown>) =>
    new Promise<number>((resolve) => {
      const client = wsClient(url, params);
      client.on('closed', (event) => resolve((event as CloseEvent).code));
      client.subscribe({ query: print(MeDocument) }, { next: () => {}, error: () => {}, complete: () => {} });
    });

  it('closes a socket that presents a bad token with 4403', async () => {
    expect(await closeCode(api.wsUrl, { authorization: 'Bearer not-a-token' })).toBe(4403);
  });

  it('authenticates a socket with the same token as HTTP', async () => {
    const session = await login(api);
    const client = wsClient(api.wsUrl, { authorization: `Bearer ${session.accessToken}` });
    try {
      const result = await new Promise<unknown>((resolve, reject) => {
        client.subscribe({ query: print(MeDocument) }, { next: resolve, error: reject, complete: () => {} });
      });
      expect(result).toMatchObject({ data: { me: { id: session.user.id } } });
    } finally {
      await client.dispose();
    }
  });

  it("closes a revoked session's open sockets at once with 4403", async () => {
    const first = await login(api);
    await skipCooldown(api, first.phone);
    const second = await login(api, first.phone);
    const socket = new WebSocket(api.wsUrl, 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => socket.addEventListener('close', (event) => resolve(event.code)));
    await new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }));
    const acked = new Promise((resolve) => socket.addEventListener('message', resolve, { once: true }));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${first.accessToken}` } }));
    await acked;
    const sessions = (await execute(api.graphqlUrl, MySessionsDocument, undefined, { token: second.accessToken })).data!
      .mySessions;
    const target = sessions.find((s) => !s.current)!;
    await execute(api.graphqlUrl, RevokeSessionDocument, { id: target.id }, { token: second.accessToken });
    expect(await closed).toBe(4403);
  });
});
