// Tracing starts first (when OTEL_EXPORTER_OTLP_ENDPOINT is set): what it instruments is imported after it.
import { startTracing } from "@grassroots/platform/tracing";

await startTracing("delegates");
const { SCALE_NAMES, SCALES } = await import("@grassroots/demo-district");
const { directoryFromEnv } = await import("@grassroots/directory");
const { readConfig, runSubgraph } = await import("@grassroots/platform");
const { subgraphPort } = await import("@grassroots/services");
const { configSchema } = await import("./config");
const { seedDelegates } = await import("./seed");
const { createDelegatesSubgraph } = await import("./subgraph");

const config = readConfig("delegates subgraph", configSchema(SCALE_NAMES));
// A visit names a block and a household that other subgraphs own: checked through their APIs.
const subgraph = createDelegatesSubgraph({
  directory: directoryFromEnv("delegates"),
  fullTargetMaxHouseholds: config.VISIT_COVERAGE_FULL_TARGET_MAX_HOUSEHOLDS,
});
await runSubgraph(subgraph, config, {
  port: subgraphPort("delegates"),
  seed: seedDelegates(SCALES[config.SEED_SCALE as keyof typeof SCALES]),
});
