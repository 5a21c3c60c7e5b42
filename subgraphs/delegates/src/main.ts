// Tracing starts first (when OTEL_EXPORTER_OTLP_ENDPOINT is set): what it instruments is imported after it.
import { startTracing } from "@grassroots/platform/tracing";

await startTracing("delegates");
// All at once: one import after another would load the module graph serially (seconds more to start).
const [
  { SCALE_NAMES, SCALES },
  { directoryFromEnv },
  { readConfig, repeatInBackground, runSubgraph },
  { subgraphPort },
  { configSchema },
  { seedDelegates },
  { createDelegatesSubgraph },
  { rollVisitWindows, VISIT_WINDOW_ROLL_INTERVAL_MS },
] = await Promise.all([
  import("@grassroots/demo-district"),
  import("@grassroots/directory"),
  import("@grassroots/platform"),
  import("@grassroots/services"),
  import("./config"),
  import("./seed"),
  import("./subgraph"),
  import("./visit-coverage/roll-ups"),
]);

const config = readConfig("delegates subgraph", configSchema(SCALE_NAMES));
// A visit names a block and a household that other subgraphs own: checked through their APIs.
const subgraph = createDelegatesSubgraph({
  directory: directoryFromEnv("delegates"),
  fullTargetMaxHouseholds: config.VISIT_COVERAGE_FULL_TARGET_MAX_HOUSEHOLDS,
});
await runSubgraph(subgraph, config, {
  port: subgraphPort("delegates"),
  seed: seedDelegates(SCALES[config.SEED_SCALE as keyof typeof SCALES]),
  // The coverage window's counters follow the window as it moves on each day: at start, then
  // hourly. Replicas may roll alike (a counter already moved is left as it is).
  alongside: (running, logger) =>
    repeatInBackground(VISIT_WINDOW_ROLL_INTERVAL_MS, async () => {
      try {
        const moved = await rollVisitWindows(running.prisma);
        if (moved > 0) logger.info({ moved }, "moved the visit coverage counters on to the window's first day");
      } catch (error) {
        logger.error({ err: error }, "moving the visit coverage counters failed; will retry");
      }
    }),
});
