// The outbox and the webhook deliveries are kept OUTBOX_RETENTION_DAYS (src/outbox/retention.ts):
// finished rows older than that go, a batch at a time; anything still pending stays, however old.
import { randomUUID } from "node:crypto";
import { SCALES } from "@grassroots/demo-district";
import { startTestSubgraph } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pruneOutbox } from "../src/outbox/retention";
import { seedResidents } from "../src/seed";
import { createResidentsSubgraph } from "../src/subgraph";
import { approvedPartnerRow, type Subgraph } from "./support";

let subgraph: Subgraph;
let partnerId: string;
let webhookId: string;
beforeAll(async () => {
  subgraph = await startTestSubgraph(createResidentsSubgraph(), seedResidents(SCALES.test));
  partnerId = await approvedPartnerRow(subgraph, "Retention Partner", "91310105RETAIN0000X");
  webhookId = randomUUID();
  await subgraph.prisma.$executeRaw`
    INSERT INTO webhook (id, partner_id, url, secret, created_by)
    VALUES (${webhookId}::uuid, ${partnerId}::uuid, 'https://partner.example/hooks', 'plain-secret', 'retention-test')`;
});
afterAll(() => subgraph?.close());

/**
 * An outbox event made `ageDays` ago, relayed or not; addressed to the partner (its webhook then gets
 * a delivery in the same transaction, the database's trigger) in the state given, or to an officer.
 */
async function event(ageDays: number, relayed: boolean, delivery: "PENDING" | "DELIVERED" | "FAILED" | null) {
  const id = randomUUID();
  const [role, scope] = delivery ? ["partner", partnerId] : ["street_officer", "310105001"];
  await subgraph.prisma.$executeRaw`
    INSERT INTO outbox_event (id, kind, audience_role, audience_scope, occurred_at, relayed_at)
    VALUES (${id}::uuid, 'PARTNER_APPROVED', ${role}, ${scope}, now() - ${ageDays} * interval '1 day',
      ${relayed ? new Date() : null}::timestamptz)`;
  if (delivery) {
    await subgraph.prisma.$executeRaw`
      UPDATE webhook_delivery SET status = ${delivery}::"WebhookDeliveryStatus", created_at = now() - ${ageDays} * interval '1 day'
      WHERE event_id = ${id}::uuid`;
  }
  return id;
}

const remaining = async (ids: string[]) => {
  const events = await subgraph.prisma.$queryRaw<
    { id: string }[]
  >`SELECT id::text FROM outbox_event WHERE id = ANY(${ids}::uuid[])`;
  const deliveries = await subgraph.prisma.$queryRaw<{ id: string }[]>`
    SELECT event_id::text AS id FROM webhook_delivery WHERE event_id = ANY(${ids}::uuid[])`;
  return { events: events.map((row) => row.id).sort(), deliveries: deliveries.map((row) => row.id).sort() };
};

describe("the outbox's retention", () => {
  it("deletes finished deliveries and relayed events past it, batch by batch, and keeps what is pending or recent", async () => {
    const deliveredOld = await event(120, true, "DELIVERED");
    const failedOld = await event(91, true, "FAILED");
    const pendingOld = await event(200, true, "PENDING");
    const unrelayedOld = await event(150, false, "DELIVERED");
    const officersOld = await event(100, true, null);
    const deliveredRecent = await event(89, true, "DELIVERED");
    const unrelayedRecent = await event(5, false, null);
    const all = [deliveredOld, failedOld, pendingOld, unrelayedOld, officersOld, deliveredRecent, unrelayedRecent];
    expect((await remaining(all)).deliveries).toHaveLength(5);

    // A batch of one: every batch but the last is full, so the loops are exercised.
    expect(await pruneOutbox(subgraph.prisma, { retentionDays: 90, batchSize: 1 })).toEqual({ deliveries: 3, events: 3 });
    expect(await remaining(all)).toEqual({
      // The pending delivery keeps its event; the event the inbox never took stays, its delivery done with.
      events: [pendingOld, unrelayedOld, deliveredRecent, unrelayedRecent].sort(),
      deliveries: [pendingOld, deliveredRecent].sort(),
    });

    // Nothing more to delete: a second run deletes nothing.
    expect(await pruneOutbox(subgraph.prisma, { retentionDays: 90 })).toEqual({ deliveries: 0, events: 0 });
    // Once the pending delivery is finished, it and its event go too.
    await subgraph.prisma.$executeRaw`UPDATE webhook_delivery SET status = 'DELIVERED' WHERE event_id = ${pendingOld}::uuid`;
    expect(await pruneOutbox(subgraph.prisma, { retentionDays: 90 })).toEqual({ deliveries: 1, events: 1 });
    expect((await remaining(all)).events).toEqual([unrelayedOld, deliveredRecent, unrelayedRecent].sort());
  });
});
