// Tracing starts first (when OTEL_EXPORTER_OTLP_ENDPOINT is set): what it instruments is imported after it.
import { startTracing } from "@grassroots/platform/tracing";

await startTracing("residents");
// All at once: one import after another would load the module graph serially (seconds more to start).
const [
  { SCALE_NAMES, SCALES },
  { inboxFromEnv },
  { loadOrCreateSecret, readConfig, repeatInBackground, runSubgraph },
  { subgraphPort },
  { configSchema },
  { seedResidents },
  {
    createResidentsSubgraph,
    deliverWebhooks,
    pruneOutbox,
    relayOutbox,
    sealStoredWebhookSecrets,
    settingsFrom,
    webhookSecretsKey,
  },
] = await Promise.all([
  import("@grassroots/demo-district"),
  import("@grassroots/directory"),
  import("@grassroots/platform"),
  import("@grassroots/services"),
  import("./config"),
  import("./seed"),
  import("./subgraph"),
]);

const config = readConfig("residents subgraph", configSchema(SCALE_NAMES));
// Seals the partners' webhook secrets at rest: given in production, generated once into DATA_DIR
// otherwise (as AUTH_SECRET), so that every process and restart of one deployment opens them.
const secretsKey = webhookSecretsKey(
  loadOrCreateSecret("WEBHOOK_SECRETS_KEY", config.WEBHOOK_SECRETS_KEY, "webhook-secrets-key", {
    dataDir: config.DATA_DIR,
    production: config.NODE_ENV === "production",
  }),
);
const settings = settingsFrom(config, secretsKey);
// The notification inbox is the escalations subgraph's: reached over its API, never its database.
const inbox = inboxFromEnv("residents");

await runSubgraph(createResidentsSubgraph({ settings }), config, {
  port: subgraphPort("residents"),
  seed: seedResidents(SCALES[config.SEED_SCALE as keyof typeof SCALES]),
  // The outbox relay and the webhook deliveries (src/outbox/relay.ts, src/webhook/delivery.ts): one
  // run at a time in this process; replicas share the rows (FOR UPDATE SKIP LOCKED).
  alongside: (running, logger) => {
    const stopRelay = repeatInBackground(config.OUTBOX_RELAY_INTERVAL_MS, async () => {
      try {
        // Secrets stored in plain text (before this version, or by a replica of the one before
        // still running during an upgrade) are sealed before deliveries are signed.
        const sealed = await sealStoredWebhookSecrets(running.prisma, secretsKey);
        if (sealed) logger.info({ sealed }, "sealed the webhook secrets stored in plain text");
        const outbox = await relayOutbox(running.prisma, inbox);
        if (outbox.failed) logger.warn(outbox, "the notification inbox did not take the outbox; will retry");
        const webhooks = await deliverWebhooks(running.prisma, {
          ...settings.webhooks,
          onUnopenedSecret: (webhookId) =>
            logger.error({ webhookId }, "a webhook's secret does not open with WEBHOOK_SECRETS_KEY: its deliveries are not sent"),
        });
        if (webhooks.failed) logger.warn(webhooks, "webhook deliveries given up after their last attempt");
      } catch (error) {
        logger.error({ err: error }, "outbox relay failed; will retry");
      }
    });
    // Finished outbox rows and webhook deliveries past OUTBOX_RETENTION_DAYS (src/outbox/retention.ts),
    // at start and then hourly: a day's rows take one run.
    const stopPruning = repeatInBackground(3_600_000, async () => {
      try {
        const pruned = await pruneOutbox(running.prisma, { retentionDays: config.OUTBOX_RETENTION_DAYS });
        if (pruned.deliveries || pruned.events) logger.info(pruned, "deleted outbox rows past their retention");
      } catch (error) {
        logger.error({ err: error }, "pruning the outbox failed; will retry in an hour");
      }
    });
    return async () => {
      await Promise.all([stopRelay(), stopPruning()]);
    };
  },
});
