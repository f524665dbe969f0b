import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { RequestLoginCodeDocument } from '@support/schema';
import { startTracing } from '../src/lib/tracing.js';
import type { TestServer } from './harness.js';

// Tracing starts before the server's modules (pg, ioredis, express) are imported: the harness comes in afterwards.
// In production they are patched through the ESM loader hook (bare imports); vitest imports the server's own
// dependencies by file path past that hook, so this test requires express and ioredis by name first, which patches
// the CommonJS modules both share (pg comes through MikroORM's own bare import, as in production).
const exporter = new InMemorySpanExporter();
let stopTracing: () => Promise<void>;
let api: TestServer;
let harness: typeof import('./harness.js');

beforeAll(async () => {
  stopTracing = await startTracing({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const require = createRequire(import.meta.url);
  require('express');
  require('ioredis');
  harness = await import('./harness.js');
  api = await harness.startTestServer({
    env: { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: `test-tracing-${randomUUID()}:` },
  });
});
afterAll(async () => {
  await api?.close();
  await stopTracing?.();
});

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
    const traceId = operation!.spanContext().traceId;
    const inTrace = spans.filter((span) => span.spanContext().traceId === traceId);
    const byId = new Map(inTrace.map((span) => [span.spanContext().spanId, span]));
    const isUnder = (span: ReadableSpan, ancestor: ReadableSpan) => {
      for (let parent = span.parentSpanContext?.spanId; parent; parent = byId.get(parent)?.parentSpanContext?.spanId) {
        if (parent === ancestor.spanContext().spanId) return true;
      }
      return false;
    };
    const from = (scope: string): ReadableSpan[] => inTrace.filter((span) => span.instrumentationScope.name === scope);

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
});
