// `npm run sweep`: escalates every overdue case once, then prunes the notifications past
// NOTIFICATION_RETENTION_DAYS, as the servers do after each sweep, and exits. Uses the escalations
// database as configured for start-up (DATABASE_URL_ESCALATIONS, else PGlite under DATA_DIR) and asks
// the blocks subgraph (BLOCKS_SUBGRAPH_URL) for department routing. Safe beside the servers' own sweepers on
// PostgreSQL: one batch runs at a time over all of them, and when a server's is at work, this run
// leaves the rest to it (see the sweeper); a PGlite directory has one process.
import { directoryFromEnv } from "@grassroots/directory";
import {
  createEscalationsSubgraph,
  notificationRetentionDays,
  pruneNotifications,
  retentionCutoff,
  sweepOverdueCases,
} from "@grassroots/escalations";
import { createLogger, databaseLocationFromEnv, openSubgraphStore } from "@grassroots/platform";

const logger = createLogger("sweeper");
const retention = notificationRetentionDays.safeParse(process.env.NOTIFICATION_RETENTION_DAYS || undefined);
if (!retention.success) {
  logger.fatal(`NOTIFICATION_RETENTION_DAYS ${retention.error.issues[0]?.message}`);
  process.exit(78);
}
const directory = directoryFromEnv("sweeper");
const store = await openSubgraphStore(createEscalationsSubgraph({ directory }), {
  database: databaseLocationFromEnv("escalations"),
  logger,
});
try {
  const moved = await sweepOverdueCases(store.prisma, directory, { notificationRetentionDays: retention.data });
  console.log(`Escalated ${moved} overdue case(s).`);
  // Every batch, not the servers' few per run: this is the operator's run to catch up.
  const pruned = await pruneNotifications(store.prisma, retentionCutoff(new Date(), retention.data), {
    maxBatches: Number.POSITIVE_INFINITY,
  });
  console.log(`Pruned ${pruned} notification(s) past ${retention.data} days.`);
} finally {
  await store.close();
}
