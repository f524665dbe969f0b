import type { RequestHandler } from 'express';
import type { ApolloServerPlugin } from '@apollo/server';
import { getOperationAST, type ExecutionArgs } from 'graphql';
import { MessageType, type ConnectionInitMessage, type ServerOptions } from 'graphql-ws';
import { context, trace, SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace';

/**
 * Traces (OpenTelemetry): the Node SDK with auto-instrumentation of HTTP, express, pg and ioredis, plus one span per
 * GraphQL operation, over HTTP (withGraphqlSpan below) and over graphql-ws (withGraphqlWsSpan), each carrying the
 * request id. Started only by `--import ./dist/tracing.js`
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

/** Names an operation's span `graphql <type> <name>`, as both transports do. */
function nameSpan(span: Span, type: string, name: string | null | undefined): void {
  span.updateName(`graphql ${type} ${name ?? 'anonymous'}`);
  span.setAttribute('graphql.operation.type', type);
  if (name) span.setAttribute('graphql.operation.name', name);
}

/** The error codes recorded on each open span (a subscription may fail more than once). */
const codesOf = new WeakMap<Span, Set<string>>();

/** Marks an operation's span failed with its errors' codes (added to those already recorded). */
function failSpan(span: Span, errors: ReadonlyArray<{ extensions?: Record<string, unknown> | undefined }>): void {
  if (errors.length === 0) return;
  const codes = codesOf.get(span) ?? new Set<string>();
  codesOf.set(span, codes);
  for (const error of errors) codes.add(String(error.extensions?.['code'] ?? 'UNKNOWN'));
  span.setAttribute('graphql.error.codes', [...codes]);
  span.setStatus({ code: SpanStatusCode.ERROR, message: [...codes].join(', ') });
}

/** Names the operation's span (`graphql <type> <name>`) once Apollo resolved it, and marks it failed on errors. */
export const graphqlSpanPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    const span = started ? trace.getActiveSpan() : undefined;
    if (!span) return;
    return {
      async didResolveOperation({ operation, operationName }) {
        if (operation) nameSpan(span, operation.operation, operationName);
      },
      async willSendResponse({ response }) {
        if (response.body.kind === 'single') failSpan(span, response.body.singleResult.errors ?? []);
      },
    };
  },
};

/**
 * graphql-ws: one span per operation, from its `subscribe` message to its end (a `complete` from either side, an
 * error, or the socket closing), around the transport's handling of that message. graphql-ws runs the whole
 * operation in that handling (its hooks, the execution, and for a subscription the loop over its events), so the
 * database and Redis spans of its resolvers, and of each event's, are its children. The span is a trace's root (the
 * socket's HTTP upgrade ended long before); it carries the socket's request id (the one in its log lines) and the
 * operation's id on the socket, and traceGraphqlWs's hooks name it and record its errors as the HTTP spans are.
 * `raw` is the client's message; anything but a `subscribe` is handled without a span.
 */
export function withGraphqlWsSpan<T>(raw: string, requestId: unknown, handle: () => Promise<T>): Promise<T> {
  if (!started) return handle();
  let message: { type?: unknown; id?: unknown };
  try {
    message = JSON.parse(raw) as typeof message;
  } catch {
    return handle();
  }
  if (message?.type !== MessageType.Subscribe) return handle();
  const span = tracer.startSpan(
    'graphql',
    {
      kind: SpanKind.SERVER,
      attributes: {
        'request.id': typeof requestId === 'string' ? requestId : '',
        'graphql.transport': 'graphql-ws',
        'graphql.ws.operation.id': String(message.id ?? ''),
      },
    },
    // A root: not a child of whatever context the socket's message arrived in.
    trace.deleteSpan(context.active()),
  );
  return context.with(trace.setSpan(context.active(), span), async () => {
    try {
      return await handle();
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * The graphql-ws hooks that name an operation's span (withGraphqlWsSpan) once its document is parsed, and mark it
 * failed on the errors it answers with (refused at subscribe, an execution error, or a result with errors). The
 * options themselves while tracing is off.
 */
export function traceGraphqlWs<P extends ConnectionInitMessage['payload'], E>(
  options: ServerOptions<P, E>,
): ServerOptions<P, E> {
  if (!started) return options;
  const { onSubscribe, onError, onNext } = options;
  return {
    ...options,
    onSubscribe: async (ctx, id, payload) => {
      const result = await onSubscribe?.(ctx, id, payload);
      const span = trace.getActiveSpan();
      if (span && Array.isArray(result)) failSpan(span, result);
      else if (span && result && !Array.isArray(result)) {
        const args = result as ExecutionArgs;
        const operation = getOperationAST(args.document, args.operationName ?? undefined);
        if (operation) nameSpan(span, operation.operation, args.operationName ?? operation.name?.value);
      }
      return result;
    },
    onError: async (ctx, id, payload, errors) => {
      const result = await onError?.(ctx, id, payload, errors);
      const span = trace.getActiveSpan();
      if (span) failSpan(span, result ?? errors);
      return result;
    },
    onNext: async (ctx, id, payload, args, value) => {
      const result = await onNext?.(ctx, id, payload, args, value);
      const span = trace.getActiveSpan();
      const errors = (result ?? value).errors;
      if (span && errors) failSpan(span, errors);
      return result;
    },
  };
}
