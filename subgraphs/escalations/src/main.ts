// Tracing starts first (when OTEL_EXPORTER_OTLP_ENDPOINT is set): what it instruments is imported after it.
import { startTracing } from "@grassroots/platform/tracing";

await startTracing("escalations");
const { SCALE_NAMES, SCALES } = await import("@grassroots/demo-district");
const { directoryFromEnv } = await import("@grassroots/directory");
const { readConfig, runSubgraph } = await import("@grassroots/platform");
const { subgraphPort } = await import("@grassroots/services");
const { calendarHealth } = await import("./calendar/years");
const { configSchema } = await import("./config");
const { seedEscalations } = await import("./seed");
const { createEscalationsSubgraph, sweepOverdueCases } = await import("./subgraph");
const { sweeperEscalationsTotal, sweeperRunsTotal } = await import("./sweeper/metrics");

const config = readConfig("escalations subgraph", configSchema(SCALE_NAMES));
// Places and department routing are the blocks subgraph's, households the residents subgraph's:
// asked over their APIs, never their databases.
const directory = directoryFromEnv("escalations");

await runSubgraph(createEscalationsSubgraph({ directory }), config, {
  port: subgraphPort("escalations"),
  seed: seedEscalations(SCALES[config.SEED_SCALE as keyof typeof SCALES]),
  alongside: (running, logger) => {
    let sweeping: Promise<void> | undefined;
    const sweep = () => {
      sweeping ??= (async () => {
        try {
          // Also rolls the calendar into a new year (ensureCalendarYears) and says when next year's is missing.
          const moved = await sweepOverdueCases(running.prisma, directory);
          sweeperRunsTotal.inc({ outcome: "ok" });
          sweeperEscalationsTotal.inc(moved);
          if (moved) logger.info({ moved }, "sweeper escalated overdue cases");
          const { calendar } = await calendarHealth(running.prisma, new Date());
          if (calendar !== "ok") logger.warn(calendar); // also on /health/ready
        } catch (error) {
          sweeperRunsTotal.inc({ outcome: "failed" });
          logger.error({ err: error }, "sweep failed; will retry");
        } finally {
          sweeping = undefined;
        }
      })();
    };
    sweep();
    const timer = setInterval(sweep, config.SWEEP_INTERVAL_MS);
    // On shutdown no new run starts; a run under way finishes before the database closes.
    return async () => {
      clearInterval(timer);
      await sweeping;
    };
  },
});
