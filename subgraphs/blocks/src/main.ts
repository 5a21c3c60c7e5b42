// Tracing starts first (when OTEL_EXPORTER_OTLP_ENDPOINT is set): what it instruments is imported after it.
import { startTracing } from "@grassroots/platform/tracing";

await startTracing("blocks");
// All at once: one import after another would load the module graph serially (seconds more to start).
const [
  { SCALE_NAMES, SCALES },
  { readConfig, runSubgraph },
  { subgraphPort },
  { configSchema },
  { seedBlocks },
  { createBlocksSubgraph },
] = await Promise.all([
  import("@grassroots/demo-district"),
  import("@grassroots/platform"),
  import("@grassroots/services"),
  import("./config"),
  import("./seed"),
  import("./subgraph"),
]);

const config = readConfig("blocks subgraph", configSchema(SCALE_NAMES));
await runSubgraph(createBlocksSubgraph(), config, {
  port: subgraphPort("blocks"),
  seed: seedBlocks(SCALES[config.SEED_SCALE as keyof typeof SCALES]),
});
