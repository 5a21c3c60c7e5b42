import { scaleFromEnv } from "@grassroots/demo-district";
import { directoryFromEnv } from "@grassroots/directory";
import { runSubgraphFromEnv } from "@grassroots/platform";
import { subgraphPort } from "@grassroots/services";
import { calendarHealth, ensureCalendarYears } from "./calendar/years";
import { seedEscalations } from "./seed";
import { createEscalationsSubgraph, sweepOverdueCases } from "./subgraph";

// Places and department routing are the blocks subgraph's, households the residents subgraph's:
// asked over their APIs, never their databases.
const directory = directoryFromEnv("escalations");
const sweepEveryMs = Number(process.env.SWEEP_INTERVAL_MS ?? 60_000);
const seed = seedEscalations(scaleFromEnv());

await runSubgraphFromEnv(createEscalationsSubgraph({ directory }), {
  port: subgraphPort("escalations"),
  // The calendar years come first, seeded or not: deadlines are counted on them.
  seed: async (prisma, database, logger) => {
    await ensureCalendarYears(prisma, new Date());
    await seed(prisma, database, logger);
  },
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
        if (calendar !== "ok") logger.warn(calendar);
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
