// Tracing starts first (when OTEL_EXPORTER_OTLP_ENDPOINT is set): what it instruments is imported after it.
import { startTracing } from "@grassroots/platform/tracing";

await startTracing("gateway");
// All at once: one import after another would load the module graph serially (seconds more to start).
const [
  { directoryFromEnv },
  { authSettingsFromEnv, closeOnSignal, createLogger, createTokenVerifier, readConfig, signToken },
  { gatewayPort, subgraphUrls },
  { configSchema },
  { startGateway },
  { developmentSignInAllowed },
] = await Promise.all([
  import("@grassroots/directory"),
  import("@grassroots/platform"),
  import("@grassroots/services"),
  import("./config"),
  import("./server"),
  import("./web-app"),
]);

const config = readConfig("gateway", configSchema);
const logger = createLogger("gateway", config.LOG_LEVEL);
const { tokens, gatewaySecret } = authSettingsFromEnv(config);
if (Boolean(config.OIDC_AUTHORITY) !== Boolean(config.OIDC_CLIENT_ID)) {
  logger.fatal("OIDC_AUTHORITY and OIDC_CLIENT_ID are set together or not at all.");
  process.exit(78);
}
// Production signs in with the identity provider only; the demo accounts' sign-in is for development.
const { secret } = tokens;
const devSignIn =
  secret &&
  developmentSignInAllowed({
    nodeEnv: config.NODE_ENV,
    host: config.HOST,
    oidc: Boolean(config.OIDC_AUTHORITY),
    setting: config.DEV_SIGN_IN,
  })
    ? {
        // Loaded only here: a production gateway never loads the demo data.
        accounts: (await import("@grassroots/demo-district")).DEMO_USERS,
        sign: (claims: Record<string, unknown> & { sub: string }) => signToken(claims, { ...tokens, secret }, "8h"),
      }
    : undefined;
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
  web: {
    dir: config.WEB_DIR,
    oidc:
      config.OIDC_AUTHORITY && config.OIDC_CLIENT_ID
        ? { authority: config.OIDC_AUTHORITY, clientId: config.OIDC_CLIENT_ID, scope: config.OIDC_SCOPE }
        : undefined,
    devSignIn,
  },
});
logger.info({ url: gateway.url }, "gateway ready");
// On SIGTERM: no new connections, requests in flight finish within SHUTDOWN_GRACE_MS, then exit 0.
closeOnSignal(logger, () => gateway.close({ graceMs: config.SHUTDOWN_GRACE_MS }), config.SHUTDOWN_GRACE_MS + 20_000);
