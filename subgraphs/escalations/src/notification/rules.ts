// The inbox: pages of what is addressed to a caller, newest first, with their read state; marking
// read; and accepting other subgraphs' outbox deliveries, idempotently by their outbox id.
import type { InboxDelivery } from "@grassroots/directory";
import { isForeignKeyViolation } from "@grassroots/platform";
import type { NotificationKind } from "@grassroots/vocabulary";
import type { Notification, Prisma } from "../generated/prisma/client";
import type { EscalationsPrisma } from "../prisma";

export type NotificationRow = Notification & { read: boolean };

export interface InboxPage {
  after: { occurredAt: Date; id: string } | null;
  limit: number;
  unreadOnly: boolean;
}

/** A page of the inbox `where`, newest first (occurredAt, then id), with the subject's read state. */
export async function inboxPage(
  prisma: EscalationsPrisma,
  where: Prisma.NotificationWhereInput,
  subject: string,
  page: InboxPage,
): Promise<NotificationRow[]> {
  const filters: Prisma.NotificationWhereInput[] = [where];
  if (page.unreadOnly) filters.push({ reads: { none: { subject } } });
  if (page.after) {
    const { occurredAt, id } = page.after;
    filters.push({ OR: [{ occurredAt: { lt: occurredAt } }, { occurredAt, id: { lt: id } }] });
  }
  const rows = await prisma.notification.findMany({
    where: { AND: filters },
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take: page.limit,
    include: { reads: { where: { subject }, select: { subject: true } } },
  });
  return rows.map(({ reads, ...row }) => ({ ...row, read: reads.length > 0 }));
}

export function unreadCount(prisma: EscalationsPrisma, where: Prisma.NotificationWhereInput, subject: string) {
  return prisma.notification.count({ where: { AND: [where, { reads: { none: { subject } } }] } });
}

/** Marks those of `ids` in the caller's inbox read for the caller; others are ignored, as if absent. */
export async function markRead(prisma: EscalationsPrisma, where: Prisma.NotificationWhereInput, subject: string, ids: string[]) {
  for (let attempt = 1; ; attempt++) {
    const mine = await prisma.notification.findMany({ where: { AND: [where, { id: { in: ids } }] }, select: { id: true } });
    try {
      const { count } = await prisma.notificationRead.createMany({
        data: mine.map(({ id }) => ({ notificationId: id, subject })),
        skipDuplicates: true,
      });
      return count;
    } catch (error) {
      // One was pruned between the two statements (src/notification/retention.ts): looked up again, it is absent.
      if (attempt >= 2 || !isForeignKeyViolation(error)) throw error;
    }
  }
}

/** A delivery as the inbox checked it: what the relays send (packages/directory), with a known kind. */
export interface Delivery extends Omit<InboxDelivery, "kind" | "data"> {
  kind: NotificationKind;
  data: Record<string, unknown>;
}

/**
 * Stores a relay's batch. The key is the source and the outbox id: a batch sent again (the relay
 * died before it recorded the acknowledgement) adds nothing. Answers the outbox ids now held.
 */
export async function acceptDeliveries(prisma: EscalationsPrisma, source: string, deliveries: Delivery[]) {
  await prisma.notification.createMany({
    data: deliveries.map(({ outboxId, data, ...delivery }) => ({
      ...delivery,
      key: `${source}:${outboxId}`,
      data: data as Prisma.InputJsonObject,
    })),
    skipDuplicates: true,
  });
  return deliveries.map((delivery) => delivery.outboxId);
}
