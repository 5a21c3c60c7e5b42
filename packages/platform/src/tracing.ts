// Traces: OpenTelemetry's Node SDK, exporting over OTLP (HTTP) only when OTEL_EXPORTER_OTLP_ENDPOINT
// is set; without it nothing is loaded and nothing is instrumented, so no request pays for it.
// Spans: each HTTP request served (the incoming traceparent is their parent), each GraphQL operation
// (graphql's own instrumentation in the subgraphs; Apollo Gateway's own spans, plan and fetch, in the
// gateway), each subgraph fetch (undici: Node's fetch, which sends the traceparent on) and each SQL
// statement on PostgreSQL (pg). The OTEL_* variables of the SDK (OTEL_EXPORTER_OTLP_HEADERS,
// OTEL_TRACES_SAMPLER, …) apply as documented there.
//
// Modules are instrumented when they are loaded after this has run: a process's main.ts starts
// tracing first and only then imports what it serves (src/serve.ts beside it). Heavy-lane threads
// are not traced (the hooks are per process, and registered from the main thread only).
import { isMainThread } from "node:worker_threads";

export interface Tracing {
  /** Sends the spans still buffered; call before exiting. */
  shutdown(): Promise<void>;
}

export async function startTracing(service: string, env = process.env): Promise<Tracing | null> {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT || !isMainThread) return null;
  const { register } = await import("node:module");
  const { createAddHookMessageChannel } = await import("import-in-the-middle");
  // ESM imports are hooked by import-in-the-middle (only the modules the instrumentations ask for),
  // CommonJS requires by require-in-the-middle, inside the SDK.
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register("import-in-the-middle/hook.mjs", import.meta.url, registerOptions);
  const [
    { NodeSDK },
    { OTLPTraceExporter },
    { HttpInstrumentation },
    { UndiciInstrumentation },
    { GraphQLInstrumentation },
    { PgInstrumentation },
  ] = await Promise.all([
    import("@opentelemetry/sdk-node"),
    import("@opentelemetry/exporter-trace-otlp-http"),
    import("@opentelemetry/instrumentation-http"),
    import("@opentelemetry/instrumentation-undici"),
    import("@opentelemetry/instrumentation-graphql"),
    import("@opentelemetry/instrumentation-pg"),
  ]);
  const sdk = new NodeSDK({
    serviceName: service,
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes are not requests anyone traces.
        ignoreIncomingRequestHook: (request) => /^\/(health|metrics)/.test(request.url ?? ""),
        ignoreOutgoingRequestHook: (request) => /^\/(health|metrics)/.test(request.path ?? ""),
      }),
      new UndiciInstrumentation({ ignoreRequestHook: (request) => /\/health/.test(request.path) }),
      // One span per operation and per resolver that is not a plain property read; no variables.
      new GraphQLInstrumentation({ ignoreTrivialResolveSpans: true, allowValues: false, mergeItems: true }),
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
    ],
    // Metrics are Prometheus text at /metrics (src/metrics.ts); logs are pino lines on stdout.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  await waitForAllMessagesAcknowledged();
  return { shutdown: () => sdk.shutdown() };
}
