import { SCALE_NAMES, SCALES } from "@grassroots/demo-district";
import { directoryFromEnv } from "@grassroots/directory";
import { readConfig, runSubgraph } from "@grassroots/platform";
import { subgraphPort } from "@grassroots/services";
import { calendarHealth } from "./calendar/years";
import { configSchema } from "./config";
import { seedEscalations } from "./seed";
import { createEscalationsSubgraph, sweepOverdueCases } from "./subgraph";
import { sweeperEscalationsTotal, sweeperRunsTotal } from "./sweeper/metrics";

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
