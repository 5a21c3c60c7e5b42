// The sweeper's notification step: deadlines one working day away and deadlines missed, each told
// once to the case's holder. Once is the unique key (the case, the kind and when the case reached
// its tier, so a new tier or a reopening reminds again): two sweepers running at once insert the
// same keys, and the second finds them there (ON CONFLICT DO NOTHING). Run before the escalation
// with the same `now`, so every case it moves has had its overdue notice. The next working day's
// deadline is a scalar subquery, computed once: as a plain call PostgreSQL computed it for every open
// case (4.4 s a run, every minute, at the benchmark district's 32,000 open cases; 65 ms now).
import type { EscalationsPrisma } from "../prisma";

const REMIND = `
WITH due AS (
  SELECT c.*, 'RESPONSE_DUE_SOON' AS notice, c.response_due_at AS deadline FROM "case" c
  WHERE c.status = 'OPEN' AND c.response_due_at >= $1::timestamptz AND c.response_due_at <= (SELECT working_deadline($1::timestamptz, 1))
  UNION ALL
  SELECT c.*, 'DEADLINE_DUE_SOON', c.due_at FROM "case" c
  WHERE c.status IN ('OPEN', 'ACCEPTED') AND c.due_at >= $1::timestamptz AND c.due_at <= (SELECT working_deadline($1::timestamptz, 1))
  UNION ALL
  SELECT c.*, 'CASE_OVERDUE', c.due_at FROM "case" c
  WHERE c.status IN ('OPEN', 'ACCEPTED') AND c.due_at < $1::timestamptz AND c.due_at >= $2::timestamptz
)
INSERT INTO notification (key, kind, audience_role, audience_scope, occurred_at, case_id, place_code, data)
SELECT lower(due.notice) || ':' || due.id || ':' || (extract(epoch FROM due.tier_entered_at) * 1000)::bigint,
       due.notice, tier_role(due.tier), due.holder_code, $1::timestamptz, due.id, due.block_code,
       jsonb_build_object('tier', due.tier, 'category', due.category, 'dueAt', due.deadline)
FROM due
-- In key order: two sweepers inserting the same keys wait for each other in one order, never in a cycle.
ORDER BY 1
ON CONFLICT (key) DO NOTHING
RETURNING kind`;

/**
 * Notifies the deadlines near and missed at `now` that were not notified yet; answers how many.
 * A deadline missed before `keptSince` (the inbox's retention cutoff, src/notification/retention.ts)
 * had its notice from the sweep after it was missed (every minute), since pruned: it is not sent
 * again. Only a sweeper stopped for longer than the retention (a month at least) misses one.
 */
export async function remindDeadlines(prisma: EscalationsPrisma, now: Date, keptSince: Date): Promise<number> {
  const rows = await prisma.$queryRawUnsafe<{ kind: string }[]>(REMIND, now, keptSince);
  return rows.length;
}
