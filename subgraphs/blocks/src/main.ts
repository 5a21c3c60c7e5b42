// Tracing starts first (when OTEL_EXPORTER_OTLP_ENDPOINT is set): what it instruments is imported after it.
import { startTracing } from "@grassroots/platform/tracing";

await startTracing("blocks");
const { SCALE_NAMES, SCALES } = await import("@grassroots/demo-district");
const { readConfig, runSubgraph } = await import("@grassroots/platform");
const { subgraphPort } = await import("@grassroots/services");
const { configSchema } = await import("./config");
const { seedBlocks } = await import("./seed");
const { createBlocksSubgraph } = await import("./subgraph");

const config = readConfig("blocks subgraph", configSchema(SCALE_NAMES));
await runSubgraph(createBlocksSubgraph(), config, {
  port: subgraphPort("blocks"),
  seed: seedBlocks(SCALES[config.SEED_SCALE as keyof typeof SCALES]),
});
