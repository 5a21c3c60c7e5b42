// Notifications are alerts, not the record: cases keep their events, the vetting queue its pending
// registrations, partners their delivery logs. The inbox keeps a notification
// NOTIFICATION_RETENTION_DAYS after it reached the inbox, read or not; the sweeper then prunes it
// (its read marks with it), so an inbox's pages and its unread count cost what that window holds,
// not every notification its role was ever sent. Pruned in batches, a bounded number per run (a
// backlog goes over several runs, never holding up a sweep), skipping rows another replica's
// sweeper is pruning at the same time.
import { type BatchOptions, deleteInBatches, wholeNumber } from "@grassroots/platform";
import type { EscalationsPrisma } from "../prisma";

export const DEFAULT_NOTIFICATION_RETENTION_DAYS = 180;

/** NOTIFICATION_RETENTION_DAYS: a month to ten years (a shorter window could prune a notice before an outage ends). */
export const notificationRetentionDays = wholeNumber(30, 3650).default(DEFAULT_NOTIFICATION_RETENTION_DAYS);

const DAY_MS = 86_400_000;

/** The first instant a notification is kept at `now`: older ones are pruned. */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

const PRUNE = `
DELETE FROM notification WHERE id IN (
  SELECT id FROM notification WHERE received_at < $1::timestamptz
  ORDER BY received_at LIMIT $2
  FOR UPDATE SKIP LOCKED)`;

/** Deletes the notifications that reached the inbox before the cutoff, 20 batches a run at most; answers how many. */
export function pruneNotifications(prisma: EscalationsPrisma, cutoff: Date, options: BatchOptions = {}): Promise<number> {
  return deleteInBatches((batchSize) => prisma.$executeRawUnsafe(PRUNE, cutoff, batchSize), {
    batchSize: 5_000,
    maxBatches: 20,
    ...options,
  });
}
