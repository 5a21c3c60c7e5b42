// Tracing starts first (when OTEL_EXPORTER_OTLP_ENDPOINT is set): what it instruments is imported after it.
import { startTracing } from "@grassroots/platform/tracing";

await startTracing("residents");
// All at once: one import after another would load the module graph serially (seconds more to start).
const [
  { SCALE_NAMES, SCALES },
  { readConfig, runSubgraph },
  { subgraphPort },
  { configSchema },
  { seedResidents },
  { createResidentsSubgraph, settingsFrom },
] = await Promise.all([
  import("@grassroots/demo-district"),
  import("@grassroots/platform"),
  import("@grassroots/services"),
  import("./config"),
  import("./seed"),
  import("./subgraph"),
]);

const config = readConfig("residents subgraph", configSchema(SCALE_NAMES));
await runSubgraph(createResidentsSubgraph({ settings: settingsFrom(config) }), config, {
  port: subgraphPort("residents"),
  seed: seedResidents(SCALES[config.SEED_SCALE as keyof typeof SCALES]),
});
