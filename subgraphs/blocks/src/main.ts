// Tracing starts first (when OTEL_EXPORTER_OTLP_ENDPOINT is set): what it instruments is imported after it.
import { startTracing } from "@grassroots/platform/tracing";

await startTracing("blocks");
// All at once: one import after another would load the module graph serially (seconds more to start).
const [
  { SCALE_NAMES, SCALES },
  { authSettingsFromEnv, readConfig, runSubgraph, serviceTokenSource },
  { subgraphPort, subgraphUrl },
  { createOpenDataSources },
  { configSchema },
  { seedBlocks },
  { createBlocksSubgraph },
] = await Promise.all([
  import("@grassroots/demo-district"),
  import("@grassroots/platform"),
  import("@grassroots/services"),
  import("@grassroots/directory/open-data"),
  import("./config"),
  import("./seed"),
  import("./subgraph"),
]);

const config = readConfig("blocks subgraph", configSchema(SCALE_NAMES));
// openData's counts come from the other subgraphs, asked with this service's own token.
const { tokens, gatewaySecret } = authSettingsFromEnv();
const sources = createOpenDataSources({
  subgraphUrl: (name) => subgraphUrl(name),
  gatewaySecret,
  serviceToken: serviceTokenSource({ sub: "service:blocks", role: "admin" }, tokens),
});
await runSubgraph(createBlocksSubgraph({ openData: { sources } }), config, {
  port: subgraphPort("blocks"),
  seed: seedBlocks(SCALES[config.SEED_SCALE as keyof typeof SCALES]),
});
