// Notifications are alerts, not the record: cases keep their events, partners their delivery logs.
// An inbox keeps them NOTIFICATION_RETENTION_DAYS after they occurred; the sweeper prunes older ones
// (their read marks with them), so an inbox's pages and its unread count cost what that window holds,
// not every notification its role was ever sent. Pruned in batches, skipping rows another
// replica's sweeper is pruning at the same time.
import type { EscalationsPrisma } from "../prisma";

export const DEFAULT_NOTIFICATION_RETENTION_DAYS = 180;

const DAY_MS = 86_400_000;

/** The first instant a notification is kept at `now`: older ones are pruned. */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

const PRUNE = `
DELETE FROM notification WHERE id IN (
  SELECT id FROM notification WHERE occurred_at < $1::timestamptz
  ORDER BY occurred_at LIMIT $2
  FOR UPDATE SKIP LOCKED)`;

/** Deletes the notifications that occurred before the cutoff; answers how many. */
export async function pruneNotifications(prisma: EscalationsPrisma, cutoff: Date, batchSize = 5_000): Promise<number> {
  let pruned = 0;
  for (;;) {
    const deleted = await prisma.$executeRawUnsafe(PRUNE, cutoff, batchSize);
    pruned += deleted;
    if (deleted < batchSize) return pruned;
  }
}
