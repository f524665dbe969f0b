import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/lib/logger.js';
import { OutboundMessage } from '../src/modules/notify/notify.entity.js';
import {
  HttpGatewayProvider,
  RecordingProvider,
  SmtpProvider,
  type ProviderMap,
} from '../src/modules/notify/notify.providers.js';
import { NotifyService, type OutgoingMessage } from '../src/modules/notify/notify.service.js';
import { openTestDatabase, startTestServer, type TestDatabase } from './harness.js';
import { outbox, randomPhone, requestCode } from './identity-helpers.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.dispose();
});

function notifyWith(providers: Partial<ProviderMap>, options: { maxAttempts?: number; scrubSecrets?: boolean } = {}) {
  const recording = new RecordingProvider();
  return new NotifyService({
    orm: db.orm,
    logger: createLogger({ level: 'silent' }),
    providers: {
      SMS: recording,
      CALL: recording,
      PUSH: recording,
      EMAIL: recording,
      SECURITY_CHAT: recording,
      ...providers,
    },
    maxAttempts: options.maxAttempts ?? 5,
    pollMs: 60_000,
    scrubSecrets: options.scrubSecrets ?? false,
  });
}

async function enqueue(notify: NotifyService, message: OutgoingMessage): Promise<string> {
  const em = db.orm.em.fork();
  const record = notify.enqueue(em, message);
  await em.flush();
  return record.id;
}

const reload = (id: string) => db.orm.em.fork().findOneOrFail(OutboundMessage, { id });
/**
 * Makes a queued message due. A second in the past, not now(): PostgreSQL's now() has microseconds and the claim
 * compares with a JavaScript Date (milliseconds), so "now" could still be a fraction of a millisecond ahead of it.
 */
const makeDue = (id: string) =>
  db.orm.em
    .fork()
    .execute(`update outbound_message set next_attempt_at = now() - interval '1 second' where id = ?`, [id]);

interface Received {
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

/** A local HTTP receiver standing in for an SMS gateway: answers with the statuses given, in turn. */
async function gatewayReceiver(statuses: Array<number | 'hang'>) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(body) as Record<string, unknown> });
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
      if (status === 'hang') return;
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
  return {
    url,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('email over SMTP', () => {
  it('delivers to a real SMTP server and records the message as sent', async () => {
    const mails: Array<{ from: string; to: string[]; raw: string }> = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString()));
        stream.on('end', () => {
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    const notify = notifyWith({
      EMAIL: new SmtpProvider(`smtp://127.0.0.1:${port}`, 'Support <support@example.test>', 5000),
    });
    try {
      const id = await enqueue(notify, {
        channel: 'EMAIL',
        to: 'buyer@example.test',
        purpose: 'ticket_created',
        subject: 'Обращение T-2026-0000123 принято',
        text: 'Мы ответим в течение 24 часов.',
      });
      expect(await notify.drain()).toBe(1);
      expect(mails).toHaveLength(1);
      expect(mails[0]?.to).toEqual(['buyer@example.test']);
      expect(mails[0]?.from).toBe('support@example.test');
      expect(mails[0]?.raw).toMatch(/Subject: =\?UTF-8\?/);
      expect(await reload(id)).toMatchObject({ status: 'SENT', provider: 'smtp', attempts: 1 });
    } finally {
      await notify.stop();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });
});

describe('SMS, calls and push through an HTTP gateway', () => {
  it('retries after a 500 with the same idempotency key, then records the delivery', async () => {
    const gateway = await gatewayReceiver([500, 200]);
    const notify = notifyWith({ SMS: new HttpGatewayProvider('sms-gateway', gateway.url, 'gw-token', 2000) });
    try {
      const phone = randomPhone();
      const id = await enqueue(notify, {
        channel: 'SMS',
        to: phone,
        purpose: 'login_code',
        text: 'Код для входа: 123456',
        secret: { code: '123456' },
      });
      await notify.drain();
      const afterFailure = await reload(id);
      expect(afterFailure).toMatchObject({ status: 'QUEUED', attempts: 1, lastError: 'gateway answered 500' });
      expect(afterFailure.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
      expect(await notify.drain()).toBe(0); // not due yet: backoff

      await makeDue(id);
      await notify.drain();
      expect(await reload(id)).toMatchObject({ status: 'SENT', attempts: 2, provider: 'sms-gateway', lastError: null });
      expect(gateway.received).toHaveLength(2);
      expect(gateway.received.map((r) => r.headers['idempotency-key'])).toEqual([id, id]);
      expect(gateway.received[0]?.headers.authorization).toBe('Bearer gw-token');
      expect(gateway.received[0]?.body).toMatchObject({ id, channel: 'SMS', to: phone, text: 'Код для входа: 123456' });
    } finally {
      await notify.stop();
      await gateway.close();
    }
  });

  it('gives up on a gateway that does not answer within the timeout, and parks the message after the last attempt', async () => {
    const gateway = await gatewayReceiver(['hang']);
    const notify = notifyWith(
      { CALL: new HttpGatewayProvider('voice-gateway', gateway.url, undefined, 200) },
      { maxAttempts: 2 },
    );
    try {
      const id = await enqueue(notify, { channel: 'CALL', to: randomPhone(), purpose: 'login_code', text: 'call' });
      await notify.drain();
      expect(await reload(id)).toMatchObject({ status: 'QUEUED', attempts: 1 });
      expect((await reload(id)).lastError).toMatch(/timeout|abort/i);
      await makeDue(id);
      await notify.drain();
      expect(await reload(id)).toMatchObject({ status: 'FAILED', attempts: 2 });
    } finally {
      await notify.stop();
      await gateway.close();
    }
  });

  it('scrubs the code from the record once delivered, in production', async () => {
    const notify = notifyWith({}, { scrubSecrets: true });
    try {
      const id = await enqueue(notify, {
        channel: 'CALL',
        to: randomPhone(),
        purpose: 'login_code',
        text: 'Вам позвонит +79001123456, код 123456',
        secret: { code: '123456', callerNumber: '+79001123456' },
      });
      await notify.drain();
      const record = await reload(id);
      expect(record.secret).toBeNull();
      expect(record.text).not.toContain('123456');
    } finally {
      await notify.stop();
    }
  });
});

describe('delivery never blocks or fails the request that caused it', () => {
  it('answers requestLoginCode while the SMS gateway hangs, and keeps the message queued', async () => {
    const gateway = await gatewayReceiver(['hang']);
    const api = await startTestServer({ env: { SMS_GATEWAY_URL: gateway.url, DELIVERY_TIMEOUT_MS: '30000' } });
    try {
      const phone = randomPhone();
      const result = await requestCode(api, phone);
      expect(result.errors).toBeUndefined();
      await expect.poll(() => gateway.received.length).toBe(1);
      const [message] = await outbox(api, phone);
      expect(message).toMatchObject({ status: 'QUEUED', channel: 'SMS' });
    } finally {
      await gateway.close();
      await api.close();
    }
  });
});

describe('the dev outbox', () => {
  it('refuses a lookup without a proper address', async () => {
    const api = await startTestServer();
    try {
      const response = await fetch(`${api.httpUrl}/dev/outbox?to=someone`);
      expect(response.status).toBe(400);
    } finally {
      await api.close();
    }
  });

  it('does not exist in production', async () => {
    const api = await startTestServer({ env: { NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(40) } });
    try {
      const response = await fetch(`${api.httpUrl}/dev/outbox?to=%2B79000000001`);
      expect(response.status).toBe(404);
    } finally {
      await api.close();
    }
  });
});
