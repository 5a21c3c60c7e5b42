// The sweeper's runs and the cases it escalated, in the process's /metrics (packages/platform/src/metrics.ts).
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
