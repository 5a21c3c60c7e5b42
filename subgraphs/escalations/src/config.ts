// The escalations subgraph's configuration: the variables every subgraph reads (docs/configuration.md)
// and how often its sweeper runs, and how long the inbox keeps a notification.
import { subgraphConfig, wholeNumber } from "@grassroots/platform";
import { notificationRetentionDays } from "./notification/retention";

/** `seedScales`: the demo district's sizes (main.ts passes them; production code never imports the demo data). */
export const configSchema = (seedScales: readonly [string, ...string[]]) =>
  subgraphConfig("escalations", {
    seedScales,
    // From one second to a day; every minute by default.
    extra: {
      SWEEP_INTERVAL_MS: wholeNumber(1000, 86_400_000).default(60_000),
      // How long the inbox keeps a notification; the server prunes older ones after each sweep.
      NOTIFICATION_RETENTION_DAYS: notificationRetentionDays,
    },
    // Raising and moving cases asks the blocks and residents subgraphs.
    rules: { usesDirectory: true },
  });
