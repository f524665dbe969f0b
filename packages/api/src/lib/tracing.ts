import type { RequestHandler } from 'express';
import type { ApolloServerPlugin } from '@apollo/server';
import { context, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace';

/**
 * Traces (OpenTelemetry): the Node SDK with auto-instrumentation of HTTP, express, pg and ioredis, plus one span per
 * GraphQL operation (withGraphqlSpan below), each carrying the request id. Started only by `--import ./dist/tracing.js`
 * when OTEL_EXPORTER_OTLP_ENDPOINT is set (or by a test with its own exporter); otherwise nothing is loaded and the
 * API's spans are OpenTelemetry's no-ops.
 *
 * The API is ES modules, so the instrumentations reach pg, ioredis and express through import-in-the-middle's loader
 * hook, registered here before any of them is imported (hence a separate `--import` file, not a call in main.ts).
 */
let started = false;
/** Packages whose modules the instrumentations below patch. */
const INSTRUMENTED_PACKAGES = ['express', 'router', 'pg', 'pg-pool', 'ioredis'];
let shutdown: (() => Promise<void>) | null = null;

export interface TracingOptions {
  /** Where spans go: by default OTLP over HTTP (protobuf) to OTEL_EXPORTER_OTLP_ENDPOINT. */
  exporter?: SpanExporter;
  /** Tests: processors of their own (e.g. a SimpleSpanProcessor over an in-memory exporter). */
  spanProcessors?: SpanProcessor[];
}

/** Starts the SDK and its instrumentations; returns a function that flushes and stops it. */
export async function startTracing(options: TracingOptions = {}): Promise<() => Promise<void>> {
  // import-in-the-middle's synchronous loader hook (module.registerHooks, in this thread), limited to the packages
  // instrumented below: by name for bare imports, by path for imports of a resolved file (as vitest makes them).
  const hooks = await import('import-in-the-middle/register-hooks.mjs');
  if (!hooks.supportsSyncHooks())
    throw new Error('tracing needs Node with synchronous module hooks (24.11.1 or later)');
  hooks.register({
    include: INSTRUMENTED_PACKAGES.flatMap((name) => [name, new RegExp(`/node_modules/${name}/`)]),
  });

  // Metrics are Prometheus' (/metrics), logs are pino's: the SDK exports traces only.
  process.env['OTEL_METRICS_EXPORTER'] ??= 'none';
  process.env['OTEL_LOGS_EXPORTER'] ??= 'none';
  const [
    { NodeSDK },
    { HttpInstrumentation },
    { ExpressInstrumentation },
    { PgInstrumentation },
    { IORedisInstrumentation },
  ] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/instrumentation-express'),
    import('@opentelemetry/instrumentation-pg'),
    import('@opentelemetry/instrumentation-ioredis'),
  ]);
  const exporter =
    options.exporter ??
    (options.spanProcessors
      ? undefined
      : new (await import('@opentelemetry/exporter-trace-otlp-proto')).OTLPTraceExporter());
  const sdk = new NodeSDK({
    serviceName: process.env['OTEL_SERVICE_NAME'] ?? 'support-api',
    ...(exporter ? { traceExporter: exporter } : {}),
    ...(options.spanProcessors ? { spanProcessors: options.spanProcessors } : {}),
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes are not worth a trace each.
        ignoreIncomingRequestHook: (req) =>
          ['/healthz', '/readyz', '/metrics'].includes((req.url ?? '').split('?')[0]!),
        // The request id the API gave the request (pino-http sets it as x-request-id on the response).
        applyCustomAttributesOnSpan: (span, _request, response) => {
          const id = 'getHeader' in response ? response.getHeader('x-request-id') : undefined;
          if (typeof id === 'string') span.setAttribute('request.id', id);
        },
      }),
      new ExpressInstrumentation(),
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  started = true;
  shutdown = async () => {
    started = false;
    shutdown = null;
    await sdk.shutdown();
  };
  return shutdown;
}

/** Sends the spans still buffered and stops the SDK (main.ts, on shutdown); nothing when tracing is off. */
export async function stopTracing(): Promise<void> {
  await shutdown?.();
}

const tracer = trace.getTracer('support-api');

/**
 * Wraps the GraphQL HTTP handler in one span per operation, so that the database and Redis spans of its resolvers
 * are its children; it carries the request id, and graphqlSpanPlugin names it and records its outcome. The handler
 * itself while tracing is off.
 */
export function withGraphqlSpan(handler: RequestHandler): RequestHandler {
  return (req, res, next) => {
    if (!started) return handler(req, res, next);
    const span = tracer.startSpan('graphql', {
      kind: SpanKind.INTERNAL,
      attributes: { 'request.id': String((req as { id?: unknown }).id ?? '') },
    });
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      span.setAttribute('http.response.status_code', res.statusCode);
      span.end();
    };
    res.once('finish', end);
    res.once('close', end);
    return context.with(trace.setSpan(context.active(), span), () => handler(req, res, next));
  };
}

/** Names the operation's span (`graphql <type> <name>`) once Apollo resolved it, and marks it failed on errors. */
export const graphqlSpanPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    const span = started ? trace.getActiveSpan() : undefined;
    if (!span) return;
    return {
      async didResolveOperation({ operation, operationName }) {
        if (!operation) return;
        span.updateName(`graphql ${operation.operation} ${operationName ?? 'anonymous'}`);
        span.setAttribute('graphql.operation.type', operation.operation);
        if (operationName) span.setAttribute('graphql.operation.name', operationName);
      },
      async willSendResponse({ response }) {
        const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
        if (errors.length === 0) return;
        const codes = errors.map((error) => String(error.extensions?.['code'] ?? 'UNKNOWN'));
        span.setAttribute('graphql.error.codes', codes);
        span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(', ') });
      },
    };
  },
};
