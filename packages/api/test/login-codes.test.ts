import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VerifyLoginCodeDocument } from '@support/schema';
import { errorCodes, execute, startTestServer, type TestServer } from './harness.js';
import { latestCode, outbox, randomPhone, requestCode, skipCooldown } from './identity-helpers.js';

let api: TestServer;

beforeAll(async () => {
  api = await startTestServer({ env: { LOGIN_CODES_PER_RANGE_PER_HOUR: '5', TRUST_PROXY: 'true' } });
});
afterAll(async () => {
  await api?.close();
});

const verify = (challengeId: string, code: string) =>
  execute(api.graphqlUrl, VerifyLoginCodeDocument, { input: { challengeId, code } });
const wrongFor = (code: string) => (code === '000000' ? '111111' : '000000');

describe('a new code replaces the earlier ones', () => {
  it('voids the older code on a resend, and the wrong-code budget carries over to the new one', async () => {
    const phone = randomPhone();
    const b = (await requestCode(api, phone)).data!.requestLoginCode;
    const codeB = await latestCode(api, phone);
    for (const left of [4, 3]) {
      const wrong = await verify(b.id, wrongFor(codeB));
      expect(wrong.errors?.[0]?.extensions?.['attemptsLeft']).toBe(left);
    }
    await skipCooldown(api, phone);
    const c = (await requestCode(api, phone)).data!.requestLoginCode;
    const codeC = await latestCode(api, phone);
    // B no longer logs in, even though it has not expired.
    expect(errorCodes(await verify(b.id, codeB))).toEqual(['LOGIN_CODE_EXPIRED']);
    // C starts with B's two wrong tries: three are left, not five.
    const attemptsLeft: unknown[] = [];
    for (let i = 0; i < 3; i += 1) {
      attemptsLeft.push((await verify(c.id, wrongFor(codeC))).errors?.[0]?.extensions?.['attemptsLeft']);
    }
    expect(attemptsLeft).toEqual([2, 1, 0]);
    expect(errorCodes(await verify(c.id, codeC))).toEqual(['LOGIN_ATTEMPTS_EXCEEDED']);
    // Asking again within the window gives no fresh budget (and sends nothing).
    await skipCooldown(api, phone);
    const sent = (await outbox(api, phone)).length;
    const again = await requestCode(api, phone);
    expect(errorCodes(again)).toEqual(['LOGIN_ATTEMPTS_EXCEEDED']);
    expect(again.errors?.[0]?.extensions?.['retryAfterSeconds']).toBeGreaterThan(0);
    expect(await outbox(api, phone)).toHaveLength(sent);
  });

  it('gives a full budget again once the code window has passed', async () => {
    const phone = randomPhone();
    const first = (await requestCode(api, phone)).data!.requestLoginCode;
    const code = await latestCode(api, phone);
    for (let i = 0; i < 5; i += 1) await verify(first.id, wrongFor(code));
    await api.db.orm.em
      .fork()
      .execute(
        `update login_challenge set expires_at = now() - interval '1 second', resend_available_at = now() - interval '1 second' where phone = ?`,
        [phone],
      );
    const next = (await requestCode(api, phone)).data!.requestLoginCode;
    const wrong = await verify(next.id, wrongFor(await latestCode(api, phone)));
    expect(wrong.errors?.[0]?.extensions?.['attemptsLeft']).toBe(4);
  });
});

describe('where SMS and call codes may go', () => {
  const refused: Array<[string, string]> = [
    ['a premium-rate number', '+7 809 505-12-34'],
    ['a landline', '+7 495 123-45-67'],
    ['a toll-free number', '+7 800 555-35-35'],
    ['a mobile number of another country', '+380 50 123 4567'],
    ['a Kazakh mobile number (+7, but not RU)', '+7 701 123 4567'],
  ];

  it.each(refused)('refuses %s with BAD_USER_INPUT and the reason, queueing nothing', async (_name, phone) => {
    for (const channel of ['SMS', 'CALL'] as const) {
      const result = await requestCode(api, phone, channel);
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
      // The reason in machine form (the message is in the request's language).
      expect(result.errors?.[0]?.extensions?.['fieldErrors']).toEqual([
        expect.objectContaining({ rule: 'format', format: 'mobilePhone' }),
      ]);
    }
    const e164 = `+${phone.replace(/\D/g, '')}`;
    expect(await outbox(api, e164)).toEqual([]);
  });

  it('sends to a Russian mobile number', async () => {
    expect((await requestCode(api, randomPhone(), 'SMS')).errors).toBeUndefined();
  });

  it('stops many numbers of one range within the hour, from any address, and logs each trip', async () => {
    const range = `+7900${Math.floor(1000 + Math.random() * 8999)}`;
    const results = [];
    for (let i = 0; i < 20; i += 1) {
      const phone = `${range}${String(i).padStart(3, '0')}`;
      results.push(errorCodes(await requestCode(api, phone, 'SMS', { 'x-forwarded-for': `198.51.100.${i + 1}` })));
    }
    expect(results.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => []));
    expect(results.slice(5)).toEqual(Array.from({ length: 15 }, () => ['RATE_LIMITED']));
    expect(api.services.login.velocityTrips.range).toBeGreaterThanOrEqual(15);
    // Another range is not affected.
    expect((await requestCode(api, randomPhone(), 'SMS')).errors).toBeUndefined();
  });
});

describe('per-country velocity', () => {
  let strict: TestServer;
  beforeAll(async () => {
    strict = await startTestServer({ env: { LOGIN_CODES_PER_COUNTRY_PER_HOUR: '3', LOGIN_PHONE_COUNTRIES: 'RU,KZ' } });
  });
  afterAll(async () => {
    await strict?.close();
  });

  it('stops codes to one country past its hourly limit, leaving other allowed countries alone', async () => {
    const codes = [];
    for (let i = 0; i < 4; i += 1) codes.push(errorCodes(await requestCode(strict, randomPhone())));
    expect(codes).toEqual([[], [], [], ['RATE_LIMITED']]);
    expect(strict.services.login.velocityTrips.country).toBe(1);
    const kazakh = `+7701${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
    expect((await requestCode(strict, kazakh)).errors).toBeUndefined();
  });
});
