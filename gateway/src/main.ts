// Tracing starts first (when OTEL_EXPORTER_OTLP_ENDPOINT is set): what it instruments is imported after it.
import { startTracing } from "@grassroots/platform/tracing";

await startTracing("gateway");
// All at once: one import after another would load the module graph serially (seconds more to start).
const [
  { directoryFromEnv },
  { authSettingsFromEnv, closeOnSignal, createLogger, createTokenVerifier, readConfig },
  { gatewayPort, subgraphUrls },
  { configSchema },
  { startGateway },
] = await Promise.all([
  import("@grassroots/directory"),
  import("@grassroots/platform"),
  import("@grassroots/services"),
  import("./config"),
  import("./server"),
]);

const config = readConfig("gateway", configSchema);
const logger = createLogger("gateway", config.LOG_LEVEL);
const { tokens, gatewaySecret } = authSettingsFromEnv(config);
const gateway = await startGateway({
  auth: { verifyToken: createTokenVerifier(tokens), gatewaySecret },
  port: gatewayPort(),
  host: config.HOST,
  subgraphUrls: subgraphUrls(),
  rooms: directoryFromEnv("gateway"),
  logger,
  subgraphTimeoutMs: config.SUBGRAPH_TIMEOUT_MS,
  maxCost: config.GATEWAY_MAX_COST,
  heavyLane: config.GATEWAY_HEAVY_COST > 0 && { cost: config.GATEWAY_HEAVY_COST, concurrency: config.GATEWAY_HEAVY_CONCURRENCY },
  callerLimits: {
    maxConcurrent: config.GATEWAY_CALLER_CONCURRENCY,
    maxCostInFlight: config.GATEWAY_CALLER_COST_IN_FLIGHT,
    maxQueued: config.GATEWAY_CALLER_QUEUE,
    maxWaitMs: config.GATEWAY_CALLER_QUEUE_WAIT_MS,
  },
  healthTimeoutMs: config.HEALTH_TIMEOUT_MS,
  metricsToken: config.METRICS_TOKEN,
});
logger.info({ url: gateway.url }, "gateway ready");
// On SIGTERM: no new connections, requests in flight finish within SHUTDOWN_GRACE_MS, then exit 0.
closeOnSignal(logger, () => gateway.close({ graceMs: config.SHUTDOWN_GRACE_MS }), config.SHUTDOWN_GRACE_MS + 20_000);
