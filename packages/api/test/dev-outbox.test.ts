import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.js';
import { outbox, randomPhone, requestCode, type OutboxMessage } from './identity-helpers.js';

let api: TestServer;

beforeAll(async () => {
  api = await startTestServer();
});
afterAll(async () => {
  await api?.close();
});

describe('the dev outbox without an address (the admin panel’s outbox page)', () => {
  it('lists the latest messages to anyone, newest first, with their login codes', async () => {
    const [first, second] = [randomPhone(), randomPhone()];
    await requestCode(api, first);
    await requestCode(api, second);
    const response = await fetch(`${api.httpUrl}/dev/outbox`);
    expect(response.status).toBe(200);
    const messages = (await response.json()) as OutboxMessage[];
    const ours = messages.filter((message) => message.to === first || message.to === second);
    expect(ours.map((message) => message.to)).toEqual([second, first]);
    expect(ours.every((message) => message.purpose === 'login_code' && /^\d{4,8}$/.test(message.code ?? ''))).toBe(
      true,
    );
    const times = messages.map((message) => Date.parse(message.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('still narrows to one address, and still refuses a malformed one', async () => {
    const phone = randomPhone();
    await requestCode(api, phone);
    await requestCode(api, randomPhone());
    expect((await outbox(api, phone)).map((message) => message.to)).toEqual([phone]);
    expect((await fetch(`${api.httpUrl}/dev/outbox?to=someone`)).status).toBe(400);
  });
});
