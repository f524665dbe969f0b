import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { RequestLoginCodeDocument, TicketEventsDocument } from '@support/schema';
import { startTracing } from '../src/lib/tracing.js';
import { seedCatalog } from '../src/modules/catalog/catalog.seed.js';
import type { TestServer } from './harness.js';

// Tracing starts before the server's modules (pg, ioredis, express) are imported: the harness comes in afterwards.
// In production they are patched through the ESM loader hook (bare imports); vitest imports the server's own
// dependencies by file path past that hook, so this test requires express and ioredis by name first, which patches
// the CommonJS modules both share (pg comes through MikroORM's own bare import, as in production).
const exporter = new InMemorySpanExporter();
/** Tests wait for a span to end: each ended span is offered to these. */
const onSpanEnd = new Set<(span: ReadableSpan) => void>();
const endWatcher: SpanProcessor = {
  onStart: () => {},
  onEnd: (span) => onSpanEnd.forEach((look) => look(span)),
  forceFlush: async () => {},
  shutdown: async () => {},
};
/** Resolves with the first span named `name` to end from now on. */
const spanEnded = (name: string) =>
  new Promise<ReadableSpan>((resolve) => {
    const look = (span: ReadableSpan) => {
      if (span.name !== name) return;
      onSpanEnd.delete(look);
      resolve(span);
    };
    onSpanEnd.add(look);
  });
let stopTracing: () => Promise<void>;
let api: TestServer;
let harness: typeof import('./harness.js');

beforeAll(async () => {
  stopTracing = await startTracing({ spanProcessors: [new SimpleSpanProcessor({ exporter }), endWatcher] });
  const require = createRequire(import.meta.url);
  require('express');
  require('ioredis');
  harness = await import('./harness.js');
  api = await harness.startTestServer({
    env: { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: `test-tracing-${randomUUID()}:` },
  });
  await seedCatalog(api.db.orm, api.config);
});
afterAll(async () => {
  await api?.close();
  await stopTracing?.();
});

/** The spans of `root`'s trace: which are under which, and which come from an instrumentation. */
function traceOf(root: ReadableSpan, spans: ReadableSpan[]) {
  const traceId = root.spanContext().traceId;
  const inTrace = spans.filter((span) => span.spanContext().traceId === traceId);
  const byId = new Map(inTrace.map((span) => [span.spanContext().spanId, span]));
  const isUnder = (span: ReadableSpan, ancestor: ReadableSpan) => {
    for (let parent = span.parentSpanContext?.spanId; parent; parent = byId.get(parent)?.parentSpanContext?.spanId) {
      if (parent === ancestor.spanContext().spanId) return true;
    }
    return false;
  };
  const from = (scope: string): ReadableSpan[] => inTrace.filter((span) => span.instrumentationScope.name === scope);
  return { isUnder, from };
}

describe('traces', () => {
  it('one mutation is one trace: its HTTP, express, GraphQL, database and Redis spans, with the request id', async () => {
    const requestId = `trace-test-${randomUUID()}`;
    exporter.reset();
    const result = await harness.execute(
      api.graphqlUrl,
      RequestLoginCodeDocument,
      { input: { phone: `+7900${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`, channel: 'SMS' } },
      { headers: { 'x-request-id': requestId } },
    );
    expect(result.errors).toBeUndefined();

    const spans = exporter.getFinishedSpans();
    const operation = spans.find((span) => span.name === 'graphql mutation RequestLoginCode');
    expect(operation, spans.map((span) => span.name).join(', ')).toBeDefined();
    expect(operation!.attributes['request.id']).toBe(requestId);
    expect(operation!.attributes['graphql.operation.name']).toBe('RequestLoginCode');
    const { isUnder, from } = traceOf(operation!, spans);

    const [server] = from('@opentelemetry/instrumentation-http').filter((span) => span.kind === 1 /* SERVER */);
    expect(server).toBeDefined();
    expect(server!.attributes['request.id']).toBe(requestId);
    expect(isUnder(operation!, server!)).toBe(true);
    expect(from('@opentelemetry/instrumentation-express').length).toBeGreaterThan(0);

    const queries = from('@opentelemetry/instrumentation-pg');
    expect(queries.length).toBeGreaterThan(0);
    expect(queries.some((span) => isUnder(span, operation!) && span.attributes['db.system.name'] !== undefined)).toBe(
      true,
    );
    const redis = from('@opentelemetry/instrumentation-ioredis');
    expect(redis.length).toBeGreaterThan(0);
    expect(redis.every((span) => isUnder(span, operation!))).toBe(true);
  });

  it('a graphql-ws subscription is one span from subscribe to complete, with the socket request id and its queries', async () => {
    const { loginAs } = await import('./identity-helpers.js');
    const { fileLateOrderTicket, makeApiKey } = await import('./ticket-helpers.js');
    const [admin, customer] = await Promise.all([loginAs(api, ['ADMIN']), loginAs(api, ['CUSTOMER'])]);
    await fileLateOrderTicket(api, customer.accessToken);
    const secret = await makeApiKey(api, admin.accessToken, ['tickets:read']);
    exporter.reset();

    const ended = spanEnded('graphql subscription TicketEvents');
    const client = harness.wsClient(api.wsUrl, { 'x-api-key': secret });
    // A replay from the start: the ticket's events come from the database, under the operation's span.
    const feed = harness.collect(client, TicketEventsDocument, { after: '0' });
    await feed.waitFor(1);
    feed.dispose(); // the client's complete ends the operation
    const operation = await ended;
    await client.dispose();

    expect(operation.kind).toBe(1 /* SERVER: the root of its trace */);
    expect(operation.parentSpanContext).toBeUndefined();
    expect(operation.attributes['graphql.transport']).toBe('graphql-ws');
    expect(operation.attributes['graphql.operation.type']).toBe('subscription');
    expect(operation.attributes['graphql.operation.name']).toBe('TicketEvents');
    expect(operation.attributes['request.id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(operation.attributes['graphql.ws.operation.id']).toBeTruthy();
    expect(operation.status.code).not.toBe(2 /* ERROR */);

    const { isUnder, from } = traceOf(operation, exporter.getFinishedSpans());
    const queries = from('@opentelemetry/instrumentation-pg');
    expect(queries.length).toBeGreaterThan(0);
    expect(queries.every((span) => isUnder(span, operation))).toBe(true);
  });
});
