// Tracing starts first (when OTEL_EXPORTER_OTLP_ENDPOINT is set): what it instruments is imported after it.
import { startTracing } from "@grassroots/platform/tracing";

await startTracing("residents");
const { SCALE_NAMES, SCALES } = await import("@grassroots/demo-district");
const { readConfig, runSubgraph } = await import("@grassroots/platform");
const { subgraphPort } = await import("@grassroots/services");
const { configSchema } = await import("./config");
const { seedResidents } = await import("./seed");
const { createResidentsSubgraph, settingsFrom } = await import("./subgraph");

const config = readConfig("residents subgraph", configSchema(SCALE_NAMES));
await runSubgraph(createResidentsSubgraph({ settings: settingsFrom(config) }), config, {
  port: subgraphPort("residents"),
  seed: seedResidents(SCALES[config.SEED_SCALE as keyof typeof SCALES]),
});
