// How long the outbox and the webhook deliveries are kept. Every event a partner or the inbox must
// hear of makes an outbox row, and every webhook a delivery row: a district's years of pairings would
// grow both without end. Finished rows (an event the inbox acknowledged, a delivery DELIVERED or
// FAILED) older than the retention are deleted, a batch at a time so that no statement holds many
// rows' locks; a pending one is never, however old. A partner's delivery log (webhookDeliveries) then
// goes back as far as the retention.
import { deleteInBatches } from "@grassroots/platform";
import type { ResidentsPrisma } from "../prisma";

export interface RetentionOptions {
  /** Days a finished row is kept after it was made (OUTBOX_RETENTION_DAYS). */
  retentionDays: number;
  batchSize?: number;
}

/** Deletes the finished deliveries, then the relayed events no delivery refers to, older than the retention. */
export async function pruneOutbox(prisma: ResidentsPrisma, options: RetentionOptions) {
  const days = options.retentionDays;
  const batches = { batchSize: options.batchSize ?? 1000 };
  const deliveries = await deleteInBatches(
    (batchSize) => prisma.$executeRaw`
      DELETE FROM webhook_delivery WHERE id IN (
        SELECT id FROM webhook_delivery
        WHERE status <> 'PENDING' AND created_at < now() - ${days} * interval '1 day'
        LIMIT ${batchSize})`,
    batches,
  );
  const events = await deleteInBatches(
    (batchSize) => prisma.$executeRaw`
      DELETE FROM outbox_event WHERE id IN (
        SELECT e.id FROM outbox_event e
        WHERE e.relayed_at IS NOT NULL AND e.occurred_at < now() - ${days} * interval '1 day'
          AND NOT EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.event_id = e.id)
        LIMIT ${batchSize})`,
    batches,
  );
  return { deliveries, events };
}
