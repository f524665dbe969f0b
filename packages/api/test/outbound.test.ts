import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateTicketDocument,
  CreateWebhookDocument,
  SupportCategoriesDocument,
  UpdateWebhookDocument,
  WebhookDeliveriesDocument,
} from '@support/schema';
import { seedCatalog } from '../src/modules/catalog/catalog.seed.js';
import type { ResolvedAddress } from '../src/lib/outbound.js';
import { errorCodes, execute, startTestServer, type TestServer } from './harness.js';
import { openSession } from './identity-helpers.js';

/** A public address as the stand-in internet knows it: the test's own receivers answer for it. */
const PUBLIC = '93.184.215.14';

/** What the injected resolver answers for each name (the test changes it between steps). */
const dns = new Map<string, string[]>();
const resolve = async (hostname: string): Promise<ResolvedAddress[]> => {
  const addresses = dns.get(hostname.replace(/\.$/, ''));
  if (!addresses) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

let api: TestServer;
let admin: Awaited<ReturnType<typeof openSession>>;
let customer: Awaited<ReturnType<typeof openSession>>;
let problemId: string;

/** The internal service an attacker aims at: it must never be reached. */
let victim: Server;
let victimPort: number;
let victimHits = 0;
/** A receiver on the "internet" that answers with `answer`. */
let outside: Server;
let outsidePort: number;
let answer: { status: number; location?: string } = { status: 200 };
let outsideHits = 0;

const listen = async (server: Server) => {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return (server.address() as AddressInfo).port;
};

beforeAll(async () => {
  victim = createServer((req, res) => {
    victimHits += 1;
    req.resume();
    res.writeHead(200).end('internal secrets');
  });
  outside = createServer((req, res) => {
    outsideHits += 1;
    req.resume();
    req.on('end', () =>
      res.writeHead(answer.status, answer.location ? { location: answer.location } : {}).end('outside'),
    );
  });
  [victimPort, outsidePort] = await Promise.all([listen(victim), listen(outside)]);
  api = await startTestServer({
    env: { NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(40) },
    // The stand-in internet: the public address is served by the local "outside" receiver.
    outbound: { resolve, route: (address) => (address === PUBLIC ? '127.0.0.1' : address) },
  });
  await seedCatalog(api.db.orm, api.config);
  [admin, customer] = await Promise.all([openSession(api, ['ADMIN']), openSession(api, ['CUSTOMER'])]);
  const tree = (await execute(api.graphqlUrl, SupportCategoriesDocument, {})).data!.supportCategories;
  problemId = tree.flatMap((c) => c.problems).find((p) => p.titleEn === 'My order is late')!.id;
});
afterAll(async () => {
  await api?.close();
  await Promise.all([victim, outside].map((s) => new Promise<void>((done) => (s ? s.close(() => done()) : done()))));
});

const as = (session: { accessToken: string }) => ({ token: session.accessToken });

async function registerWebhook(url: string) {
  return execute(api.graphqlUrl, CreateWebhookDocument, { input: { url, eventTypes: ['CREATED'] } }, as(admin));
}

/** Files a ticket (one CREATED event), runs the deliveries now, and returns the webhook's latest delivery. */
async function deliverOnce(webhookId: string) {
  const filed = await execute(
    api.graphqlUrl,
    CreateTicketDocument,
    {
      input: {
        problemId,
        orderNumber: `${Math.floor(10_000_000 + Math.random() * 89_999_999)}-0001`,
        description: 'Посылка задерживается уже на три дня, прошу помочь.',
        replyChannel: 'SMS',
        idempotencyKey: randomUUID(),
      },
    },
    as(customer),
  );
  expect(filed.errors).toBeUndefined();
  const log = async () =>
    (await execute(api.graphqlUrl, WebhookDeliveriesDocument, { webhookId }, as(admin))).data!.webhookDeliveries.nodes;
  // The relay positions the event, creates the delivery and wakes the dispatcher: wait for its first attempt.
  const settled = (d: { status: string; lastError?: string | null } | undefined) =>
    Boolean(d && (d.status !== 'PENDING' || d.lastError));
  await expect.poll(async () => settled((await log())[0]), { timeout: 10_000 }).toBe(true);
  return (await log())[0]!;
}

describe('webhook URLs in production', () => {
  const V = () => victimPort;
  // Every form names the victim's port, so a check that let one through would reach it.
  const refused: Array<[string, () => string]> = [
    ['loopback', () => `http://127.0.0.1:${V()}/x`],
    ['IPv4-mapped IPv6 of loopback', () => `http://[::ffff:127.0.0.1]:${V()}/x`],
    ['IPv4-mapped IPv6 in hex', () => `http://[::ffff:7f00:1]:${V()}/x`],
    ['IPv4-compatible IPv6 of loopback', () => `http://[::127.0.0.1]:${V()}/x`],
    ['NAT64 of loopback', () => `http://[64:ff9b::7f00:1]:${V()}/x`],
    ['unspecified IPv4', () => `http://0.0.0.0:${V()}/x`],
    ['unspecified IPv4, short form', () => `http://0:${V()}/x`],
    ['unspecified IPv6', () => `http://[::]:${V()}/x`],
    ['IPv6 loopback', () => `http://[::1]:${V()}/x`],
    ['decimal IPv4', () => `http://2130706433:${V()}/x`],
    ['hex IPv4', () => `http://0x7f000001:${V()}/x`],
    ['dotted hex IPv4', () => `http://0x7f.1:${V()}/x`],
    ['octal IPv4', () => `http://0177.0.0.1:${V()}/x`],
    ['localhost', () => `http://localhost:${V()}/x`],
    ['localhost with a trailing dot', () => `http://localhost.:${V()}/x`],
    ['a subdomain of localhost', () => `http://api.localhost:${V()}/x`],
    ['a name resolving to loopback', () => `http://loopback.example:${V()}/x`],
    ['a name resolving to loopback, trailing dot', () => `http://loopback.example.:${V()}/x`],
    ['a name with one public and one private address', () => `http://mixed.example:${V()}/x`],
    ['private 10/8', () => 'http://10.1.2.3/x'],
    ['private 172.16/12', () => 'http://172.16.0.1/x'],
    ['private 192.168/16', () => 'http://192.168.1.1/x'],
    ['link-local (cloud metadata)', () => 'http://169.254.169.254/latest/meta-data/'],
    ['CGNAT 100.64/10', () => 'http://100.64.0.1/x'],
    ['unique-local IPv6', () => 'http://[fd00::1]/x'],
    ['link-local IPv6', () => 'http://[fe80::1]/x'],
    ['IPv4-mapped private', () => 'http://[::ffff:10.0.0.1]/x'],
    ['multicast', () => 'http://224.0.0.1/x'],
    ['IPv6 multicast', () => 'http://[ff02::1]/x'],
    ['broadcast', () => 'http://255.255.255.255/x'],
    ['reserved 240/4', () => 'http://240.0.0.1/x'],
    ['documentation range', () => 'http://192.0.2.1/x'],
    ['benchmarking range', () => 'http://198.18.0.1/x'],
  ];

  beforeAll(() => {
    dns.set('loopback.example', ['127.0.0.1']);
    dns.set('mixed.example', [PUBLIC, '10.0.0.7']);
  });

  it.each(refused)('refuses %s with BAD_USER_INPUT on the url field', async (_name, url) => {
    const result = await registerWebhook(url());
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.extensions?.['fieldErrors']).toEqual([
      { field: 'input.url', rule: 'format', format: 'publicUrl' },
    ]);
    expect(victimHits).toBe(0);
  });

  it('refuses the same forms when a webhook is moved to them', async () => {
    dns.set('hooks.example', [PUBLIC]);
    const created = await registerWebhook(`http://hooks.example:${outsidePort}/hooks`);
    const id = created.data!.createWebhook.webhook.id;
    for (const [, url] of refused.slice(0, 6)) {
      const moved = await execute(api.graphqlUrl, UpdateWebhookDocument, { id, input: { url: url() } }, as(admin));
      expect(errorCodes(moved)).toEqual(['BAD_USER_INPUT']);
    }
    await execute(api.graphqlUrl, UpdateWebhookDocument, { id, input: { active: false } }, as(admin));
  });
});

describe('webhook deliveries in production', () => {
  it('delivers to a public address, connecting to the address that was checked', async () => {
    dns.set('crm.example', [PUBLIC]);
    const created = await registerWebhook(`http://crm.example:${outsidePort}/hooks`);
    const webhook = created.data!.createWebhook.webhook;
    answer = { status: 200 };
    const before = outsideHits;
    const delivery = await deliverOnce(webhook.id);
    expect(delivery).toMatchObject({ status: 'DELIVERED', lastStatusCode: 200, lastResponse: 'outside' });
    expect(outsideHits).toBe(before + 1);
    await execute(api.graphqlUrl, UpdateWebhookDocument, { id: webhook.id, input: { active: false } }, as(admin));
  });

  it('fails a delivery whose name resolves to loopback by then, saying why, and never connects', async () => {
    dns.set('rebind.example', [PUBLIC]);
    const created = await registerWebhook(`http://rebind.example:${victimPort}/hooks`);
    const webhook = created.data!.createWebhook.webhook;
    dns.set('rebind.example', ['127.0.0.1']);
    const delivery = await deliverOnce(webhook.id);
    expect(delivery.status).toBe('PENDING');
    expect(delivery.lastError).toBe('refused: rebind.example resolves to 127.0.0.1, a loopback address');
    expect(delivery.lastStatusCode).toBeNull();
    expect(victimHits).toBe(0);
    await execute(api.graphqlUrl, UpdateWebhookDocument, { id: webhook.id, input: { active: false } }, as(admin));
  });

  it('does not follow a redirect to loopback', async () => {
    dns.set('redirector.example', [PUBLIC]);
    const created = await registerWebhook(`http://redirector.example:${outsidePort}/hooks`);
    const webhook = created.data!.createWebhook.webhook;
    answer = { status: 302, location: `http://127.0.0.1:${victimPort}/admin` };
    const before = outsideHits;
    const delivery = await deliverOnce(webhook.id);
    expect(outsideHits).toBe(before + 1);
    expect(delivery).toMatchObject({ status: 'PENDING', lastStatusCode: 302 });
    expect(delivery.lastError).toMatch(/redirects are not followed/);
    expect(victimHits).toBe(0);
    answer = { status: 200 };
    await execute(api.graphqlUrl, UpdateWebhookDocument, { id: webhook.id, input: { active: false } }, as(admin));
  });
});
