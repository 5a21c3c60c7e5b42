// The outbox's lag and the webhooks' deliveries, in the process's /metrics (packages/platform/src/metrics.ts).
import { metricsRegistry } from "@grassroots/platform";
import { Counter, Gauge } from "prom-client";

export const outboxRelayedTotal = new Counter({
  name: "grassroots_outbox_relayed_total",
  help: "Outbox events sent to the notification inbox, by outcome (acknowledged, or failed: sent again after a back-off).",
  labelNames: ["outcome"] as const,
  registers: [metricsRegistry],
});

export const outboxPending = new Gauge({
  name: "grassroots_outbox_pending",
  help: "Outbox events the inbox has not acknowledged yet, as of the relay's last run.",
  registers: [metricsRegistry],
});

export const outboxLagSeconds = new Gauge({
  name: "grassroots_outbox_lag_seconds",
  help: "Age of the oldest outbox event the inbox has not acknowledged, as of the relay's last run (0 when none).",
  registers: [metricsRegistry],
});

export const webhookDeliveriesTotal = new Counter({
  name: "grassroots_webhook_deliveries_total",
  help: "Webhook delivery attempts, by outcome (delivered; retrying after a back-off; failed: given up after the last attempt).",
  labelNames: ["outcome"] as const,
  registers: [metricsRegistry],
});

export const webhookPending = new Gauge({
  name: "grassroots_webhook_deliveries_pending",
  help: "Webhook deliveries still to make (first attempts and retries), as of the relay's last run.",
  registers: [metricsRegistry],
});
