// Tracing starts first (when OTEL_EXPORTER_OTLP_ENDPOINT is set): what it instruments is imported after it.
import { startTracing } from "@grassroots/platform/tracing";

await startTracing("escalations");
// All at once: one import after another would load the module graph serially (seconds more to start).
const [
  { SCALE_NAMES, SCALES },
  { directoryFromEnv },
  { readConfig, repeatInBackground, runSubgraph },
  { subgraphPort },
  { calendarHealth },
  { calendarWarnings },
  { configSchema },
  { seedEscalations },
  { createEscalationsSubgraph, sweepOverdueCases },
  { notificationsPrunedTotal, sweeperEscalationsTotal, sweeperRunsTotal },
  { pruneNotifications, retentionCutoff },
] = await Promise.all([
  import("@grassroots/demo-district"),
  import("@grassroots/directory"),
  import("@grassroots/platform"),
  import("@grassroots/services"),
  import("./calendar/years"),
  import("./calendar/warnings"),
  import("./config"),
  import("./seed"),
  import("./subgraph"),
  import("./sweeper/metrics"),
  import("./notification/retention"),
]);

const config = readConfig("escalations subgraph", configSchema(SCALE_NAMES));
// Places and department routing are the blocks subgraph's, households the residents subgraph's:
// asked over their APIs, never their databases.
const directory = directoryFromEnv("escalations");

await runSubgraph(createEscalationsSubgraph({ directory }), config, {
  port: subgraphPort("escalations"),
  seed: seedEscalations(SCALES[config.SEED_SCALE as keyof typeof SCALES]),
  alongside: (running, logger) => {
    const logCalendar = calendarWarnings();
    return repeatInBackground(config.SWEEP_INTERVAL_MS, async () => {
      try {
        // Also rolls the calendar into a new year (ensureCalendarYears) and says when next year's is missing.
        const moved = await sweepOverdueCases(running.prisma, directory, {
          notificationRetentionDays: config.NOTIFICATION_RETENTION_DAYS,
        });
        sweeperRunsTotal.inc({ outcome: "ok" });
        sweeperEscalationsTotal.inc(moved);
        if (moved) logger.info({ moved }, "sweeper escalated overdue cases");
        const { calendar } = await calendarHealth(running.prisma, new Date());
        if (logCalendar(calendar, Date.now())) logger.warn(calendar); // also on /health/ready
      } catch (error) {
        sweeperRunsTotal.inc({ outcome: "failed" });
        logger.error({ err: error }, "sweep failed; will retry");
      }
      // After the sweep, and apart from it: pruning never holds up or fails an escalation.
      try {
        const cutoff = retentionCutoff(new Date(), config.NOTIFICATION_RETENTION_DAYS);
        const pruned = await pruneNotifications(running.prisma, cutoff);
        notificationsPrunedTotal.inc(pruned);
        if (pruned) logger.info({ pruned, cutoff }, "pruned notifications past their retention");
      } catch (error) {
        logger.error({ err: error }, "pruning notifications failed; will retry");
      }
    });
  },
});
