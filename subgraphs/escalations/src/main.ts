import { scaleFromEnv } from "@grassroots/demo-district";
import { directoryFromEnv } from "@grassroots/directory";
import { runSubgraphFromEnv } from "@grassroots/platform";
import { subgraphPort } from "@grassroots/services";
import { calendarHealth } from "./calendar/years";
import { seedEscalations } from "./seed";
import { createEscalationsSubgraph, sweepOverdueCases } from "./subgraph";

// Places and department routing are the blocks subgraph's, households the residents subgraph's:
// asked over their APIs, never their databases.
const directory = directoryFromEnv("escalations");
const sweepEveryMs = Number(process.env.SWEEP_INTERVAL_MS ?? 60_000);

await runSubgraphFromEnv(createEscalationsSubgraph({ directory }), {
  port: subgraphPort("escalations"),
  seed: seedEscalations(scaleFromEnv()),
  alongside: (running, logger) => {
    let sweeping = false;
    const sweep = async () => {
      if (sweeping) return;
      sweeping = true;
      try {
        // Also rolls the calendar into a new year (ensureCalendarYears) and says when next year's is missing.
        const moved = await sweepOverdueCases(running.prisma, directory);
        if (moved) logger.info({ moved }, "sweeper escalated overdue cases");
        const { calendar } = await calendarHealth(running.prisma, new Date());
        if (calendar !== "ok") logger.warn(calendar); // also on /health
      } catch (error) {
        logger.error({ err: error }, "sweep failed; will retry");
      } finally {
        sweeping = false;
      }
    };
    void sweep();
    const timer = setInterval(sweep, sweepEveryMs);
    return () => clearInterval(timer);
  },
});
