import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTicketDocument, SupportCategoriesDocument, TicketEventsDocument } from '@support/schema';
import { seedCatalog } from '../src/modules/catalog/catalog.seed.js';
import { collect, execute, startTestServer, wsClient, type TestServer } from './harness.js';
import { loginAs } from './identity-helpers.js';

const METRICS_TOKEN = 'metrics-token-for-the-test-0123456789';

let api: TestServer;

beforeAll(async () => {
  api = await startTestServer({ env: { METRICS_TOKEN } });
  await seedCatalog(api.db.orm, api.config);
});
afterAll(async () => {
  await api?.close();
});

interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text format into samples by metric name (enough for prom-client's output). */
function parseMetrics(text: string): Map<string, Sample[]> {
  const samples = new Map<string, Sample[]>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]),
    );
    const list = samples.get(match[1]!) ?? [];
    list.push({ labels, value: Number(match[3]) });
    samples.set(match[1]!, list);
  }
  return samples;
}

async function scrape(token = METRICS_TOKEN) {
  const response = await fetch(`${api.httpUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseMetrics(await response.text());
}

/** The value of the one sample of `name` whose labels include `labels`. */
function valueOf(metrics: Map<string, Sample[]>, name: string, labels: Record<string, string> = {}): number {
  const found = (metrics.get(name) ?? []).filter((sample) =>
    Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
  if (found.length !== 1) throw new Error(`${name}${JSON.stringify(labels)}: ${found.length} samples`);
  return found[0]!.value;
}

describe('/metrics', () => {
  it('is refused without the bearer token', async () => {
    expect((await fetch(`${api.httpUrl}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${api.httpUrl}/metrics`, { headers: { authorization: 'Bearer not-the-token-at-all' } });
    expect(wrong.status).toBe(401);
  });

  it('after a session (login, a subscription, a ticket, a bad request) shows every family with plausible values', async () => {
    const [agent, customer] = await Promise.all([loginAs(api, ['AGENT']), loginAs(api, ['CUSTOMER'])]);

    // A staff subscription from the start of the event stream (`after: "0"`): it must see the ticket's CREATED event.
    const socket = wsClient(api.wsUrl, { authorization: `Bearer ${agent.accessToken}` });
    const feed = collect(socket, TicketEventsDocument, { after: '0' });
    const tree = (await execute(api.graphqlUrl, SupportCategoriesDocument, {})).data!.supportCategories;
    const problemId = tree.flatMap((c) => c.problems).find((p) => p.titleEn === 'My order is late')!.id;

    const input = {
      problemId,
      orderNumber: `${Math.floor(10_000_000 + Math.random() * 89_999_999)}-0001`,
      description: 'Посылка задерживается уже на три дня, прошу помочь.',
      replyChannel: 'SMS' as const,
      idempotencyKey: randomUUID(),
    };
    const created = await execute(api.graphqlUrl, CreateTicketDocument, { input }, { token: customer.accessToken });
    const ticketId = created.data!.createTicket.id;
    const bad = await execute(
      api.graphqlUrl,
      CreateTicketDocument,
      { input: { ...input, problemId: randomUUID(), idempotencyKey: randomUUID() } },
      { token: customer.accessToken },
    );
    const badCode = bad.errors?.[0]?.extensions?.['code'] as string;
    expect(badCode).toMatch(/^[A-Z_]+$/);
    const [event] = await feed.waitFor(1);
    expect(event!.ticketEvents).toMatchObject({ type: 'CREATED', ticket: { id: ticketId } });
    // Work for the queue families: a breached SLA on the new ticket, a message given up on.
    const em = api.db.orm.em.fork();
    await em.execute(`update ticket set sla_breached = true, sla_breached_at = now() where id = ?`, [ticketId]);
    await em.execute(
      `insert into outbound_message (id, channel, "to", purpose, text, status, attempts, next_attempt_at, created_at)
       values (?, 'EMAIL', 'nobody@example.com', 'TEST', 'x', 'FAILED', 8, now(), now())`,
      [randomUUID()],
    );

    const after = await scrape();
    const count = (metrics: typeof after, labels: Record<string, string>) =>
      valueOf(metrics, 'support_graphql_operation_duration_seconds_count', labels);
    const createOk = { operation: 'CreateTicket', type: 'mutation', outcome: 'ok' };
    expect(count(after, createOk)).toBe(1);
    expect(count(after, { operation: 'CreateTicket', type: 'mutation', outcome: 'error' })).toBe(1);
    expect(count(after, { operation: 'VerifyLoginCode', type: 'mutation', outcome: 'ok' })).toBe(2);
    const createSeconds = valueOf(after, 'support_graphql_operation_duration_seconds_sum', createOk);
    expect(createSeconds).toBeGreaterThan(0);
    expect(createSeconds).toBeLessThan(30);
    // The histogram's buckets are cumulative: the +Inf bucket holds every observation.
    expect(valueOf(after, 'support_graphql_operation_duration_seconds_bucket', { ...createOk, le: '+Inf' })).toBe(1);

    expect(valueOf(after, 'support_graphql_errors_total', { code: badCode })).toBeGreaterThanOrEqual(1);

    expect(valueOf(after, 'support_graphql_ws_connections')).toBe(1);
    expect(valueOf(after, 'support_graphql_ws_subscriptions')).toBe(1);

    const relayed = valueOf(after, 'support_outbox_relayed_position');
    expect(relayed).toBeGreaterThanOrEqual(Number(event!.ticketEvents.position));
    expect(valueOf(after, 'support_events_fanout_position')).toBeGreaterThanOrEqual(
      Number(event!.ticketEvents.position),
    );
    expect(valueOf(after, 'support_outbox_unrelayed_events')).toBeGreaterThanOrEqual(0);
    expect(valueOf(after, 'support_outbox_oldest_unrelayed_seconds')).toBeGreaterThanOrEqual(0);

    for (const channel of ['SMS', 'CALL', 'PUSH', 'EMAIL', 'SECURITY_CHAT']) {
      expect(valueOf(after, 'support_message_queue_depth', { channel })).toBeGreaterThanOrEqual(0);
      expect(valueOf(after, 'support_message_queue_retrying', { channel })).toBeGreaterThanOrEqual(0);
    }
    expect(valueOf(after, 'support_messages_failed', { channel: 'EMAIL' })).toBe(1);
    expect(valueOf(after, 'support_message_queue_oldest_seconds')).toBeGreaterThanOrEqual(0);
    expect(valueOf(after, 'support_webhook_queue_depth')).toBe(0);
    expect(valueOf(after, 'support_webhook_queue_retrying')).toBe(0);
    expect(valueOf(after, 'support_webhooks_failed')).toBe(0);
    expect(valueOf(after, 'support_webhook_queue_oldest_seconds')).toBe(0);
    expect(valueOf(after, 'support_payout_queue_depth', { status: 'PENDING' })).toBe(0);
    expect(valueOf(after, 'support_payout_queue_depth', { status: 'PROCESSING' })).toBe(0);
    expect(valueOf(after, 'support_payouts_failed')).toBe(0);
    expect(valueOf(after, 'support_payout_queue_oldest_seconds')).toBe(0);
    expect(valueOf(after, 'support_tickets_sla_breached_open')).toBe(1);
    expect(valueOf(after, 'support_tickets_unassigned_open')).toBe(1);
    const waited = valueOf(after, 'support_tickets_unassigned_oldest_seconds');
    expect(waited).toBeGreaterThanOrEqual(0);
    expect(waited).toBeLessThan(60);
    expect(after.has('support_metrics_query_errors_total')).toBe(false);

    const busy = valueOf(after, 'support_db_pool_connections', { state: 'busy' });
    const idle = valueOf(after, 'support_db_pool_connections', { state: 'idle' });
    expect(busy + idle).toBeGreaterThanOrEqual(1);
    expect(busy + idle).toBeLessThanOrEqual(valueOf(after, 'support_db_pool_max'));
    expect(valueOf(after, 'support_db_pool_max')).toBe(api.config.DATABASE_POOL_SIZE);
    expect(valueOf(after, 'support_db_pool_waiting')).toBe(0);

    const lag = valueOf(after, 'nodejs_eventloop_lag_seconds');
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(5);

    // Closing the socket takes its connection and subscription off the gauges.
    await socket.dispose();
    for (;;) {
      const metrics = await scrape();
      if (valueOf(metrics, 'support_graphql_ws_connections') === 0) {
        expect(valueOf(metrics, 'support_graphql_ws_subscriptions')).toBe(0);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
});
