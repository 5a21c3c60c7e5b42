// The sweeper's runs, the cases it escalated and the notifications pruned after it, in the process's /metrics (packages/platform/src/metrics.ts).
import { metricsRegistry } from "@grassroots/platform";
import { Counter } from "prom-client";

export const sweeperRunsTotal = new Counter({
  name: "grassroots_sweeper_runs_total",
  help: "Sweeps of overdue cases by the escalations server, by outcome (ok or failed).",
  labelNames: ["outcome"] as const,
  registers: [metricsRegistry],
});

export const sweeperEscalationsTotal = new Counter({
  name: "grassroots_sweeper_escalations_total",
  help: "Overdue cases the sweeper escalated to the next tier.",
  registers: [metricsRegistry],
});

export const notificationsPrunedTotal = new Counter({
  name: "grassroots_notifications_pruned_total",
  help: "Notifications the escalations server pruned past NOTIFICATION_RETENTION_DAYS.",
  registers: [metricsRegistry],
});
