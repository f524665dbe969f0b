/**
 * `node --import ./dist/tracing.js dist/main.js`: starts OpenTelemetry tracing before the API's modules load, when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set (the standard OTEL_* variables configure the exporter); otherwise it loads
 * nothing. See lib/tracing.ts.
 */
if (process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] || process.env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']) {
  const { startTracing } = await import('./lib/tracing.js');
  // main.ts stops it (stopTracing) on shutdown, so that buffered spans are sent.
  await startTracing();
}
export {};
