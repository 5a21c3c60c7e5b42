// The outbox relay: sends this subgraph's outbox events to the notification inbox (the escalations
// subgraph's deliverNotifications) until the inbox acknowledges them. Replicas share the work: a
// batch is claimed with FOR UPDATE SKIP LOCKED and leased while it is sent. A relay that dies after
// sending and before recording the acknowledgement leaves the batch to be sent again when the lease
// ends; the inbox keys each notification by its outbox id, so it is stored once.
import type { InboxDelivery } from "@grassroots/directory";
import type { ResidentsPrisma } from "../prisma";
import { outboxLagSeconds, outboxPending, outboxRelayedTotal, webhookPending } from "./metrics";

/** An outbox event as the inbox takes it (the inbox client's own shape, packages/directory). */
export type OutboxEventToDeliver = InboxDelivery;

/** Where the relay delivers: answers the outbox ids the inbox now holds; throws when it could not. */
export type Inbox = (events: OutboxEventToDeliver[]) => Promise<string[]>;

export interface RelayOptions {
  batchSize?: number;
  /** How long a claimed batch is left to this run before another relay may send it again. */
  leaseMs?: number;
  /** After a failed send: retryBaseMs × 2^(attempts − 1), at most retryMaxMs. */
  retryBaseMs?: number;
  retryMaxMs?: number;
}

async function claim(prisma: ResidentsPrisma, batchSize: number, leaseMs: number) {
  return prisma.$queryRaw<(OutboxEventToDeliver & { attempts: number })[]>`
    UPDATE outbox_event e
    SET attempts = e.attempts + 1, next_attempt_at = now() + ${leaseMs} * interval '1 millisecond'
    WHERE e.id IN (
      SELECT id FROM outbox_event WHERE relayed_at IS NULL AND next_attempt_at <= now()
      ORDER BY next_attempt_at, id LIMIT ${batchSize} FOR UPDATE SKIP LOCKED)
    RETURNING e.id AS "outboxId", e.kind, e.audience_role AS "audienceRole", e.audience_scope AS "audienceScope",
      e.occurred_at AS "occurredAt", e.pairing_id AS "pairingId", e.partner_id AS "partnerId", e.place_code AS "placeCode",
      e.data, e.attempts`;
}

/** Relays every outbox event due now, batch by batch; stops at the first batch the inbox does not take. */
export async function relayOutbox(prisma: ResidentsPrisma, inbox: Inbox, options: RelayOptions = {}) {
  // As many as the inbox takes at once: most of a batch's time is the inbox's request, not the claim.
  const batchSize = options.batchSize ?? 500;
  const counts = { relayed: 0, failed: 0 };
  for (;;) {
    const batch = await claim(prisma, batchSize, options.leaseMs ?? 30_000);
    if (!batch.length) break;
    const ids = batch.map((event) => event.outboxId);
    try {
      const acknowledged = await inbox(batch.map(({ attempts: _attempts, ...event }) => event));
      await prisma.$executeRaw`
        UPDATE outbox_event SET relayed_at = now(), last_error = NULL WHERE id = ANY(${acknowledged}::uuid[])`;
      counts.relayed += acknowledged.length;
      outboxRelayedTotal.inc({ outcome: "acknowledged" }, acknowledged.length);
    } catch (error) {
      const base = options.retryBaseMs ?? 1000;
      const cap = options.retryMaxMs ?? 300_000;
      const message = error instanceof Error ? error.message.slice(0, 200) : "inbox unavailable";
      await prisma.$executeRaw`
        UPDATE outbox_event
        SET next_attempt_at = now() + least(${base} * power(2, attempts - 1), ${cap}) * interval '1 millisecond',
            last_error = ${message}
        WHERE id = ANY(${ids}::uuid[])`;
      counts.failed += batch.length;
      outboxRelayedTotal.inc({ outcome: "failed" }, batch.length);
      break;
    }
    if (batch.length < batchSize) break;
  }
  await measureOutbox(prisma);
  return counts;
}

/** Sets the outbox and webhook gauges from the database (both read through their partial indexes). */
export async function measureOutbox(prisma: ResidentsPrisma) {
  const [row] = await prisma.$queryRaw<{ pending: number; lag: number | null; webhooks: number }[]>`
    SELECT (SELECT count(*)::int FROM outbox_event WHERE relayed_at IS NULL) AS pending,
      (SELECT extract(epoch FROM now() - min(occurred_at))::float8 FROM outbox_event WHERE relayed_at IS NULL) AS lag,
      (SELECT count(*)::int FROM webhook_delivery WHERE status = 'PENDING') AS webhooks`;
  outboxPending.set(row?.pending ?? 0);
  outboxLagSeconds.set(Math.max(0, row?.lag ?? 0));
  webhookPending.set(row?.webhooks ?? 0);
}
