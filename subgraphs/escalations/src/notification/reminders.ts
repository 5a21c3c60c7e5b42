// The sweeper's notification step: deadlines one working day away and deadlines missed, each told
// once to the case's holder. Once is the unique key (the case, the kind and when the case reached
// its tier, so a new tier or a reopening reminds again): two sweepers running at once insert the
// same keys, and the second finds them there (ON CONFLICT DO NOTHING). Run before the escalation
// with the same `now`, so every case it moves has had its overdue notice. The next working day's
// deadline is a scalar subquery, computed once: as a plain call PostgreSQL computed it for every open
// case (4.4 s a run, every minute, at the benchmark district's 32,000 open cases; 65 ms now).
import type { EscalationsPrisma } from "../prisma";

// Only the columns a notice needs (a case row carries its description). Deadlines already told are
// passed over by their key before any row is built: at the benchmark district 15,000 open cases are
// due within a working day at every sweep, each told already; building and inserting them all, to
// have ON CONFLICT turn each away, took 115 to 230 ms a minute; 48 ms now.
const CASE_COLUMNS = "c.id, c.tier, c.holder_code, c.block_code, c.category, c.tier_entered_at";
const REMIND = `
WITH due AS (
  SELECT ${CASE_COLUMNS}, 'RESPONSE_DUE_SOON' AS notice, c.response_due_at AS deadline FROM "case" c
  WHERE c.status = 'OPEN' AND c.response_due_at >= $1::timestamptz AND c.response_due_at <= (SELECT working_deadline($1::timestamptz, 1))
  UNION ALL
  SELECT ${CASE_COLUMNS}, 'DEADLINE_DUE_SOON', c.due_at FROM "case" c
  WHERE c.status IN ('OPEN', 'ACCEPTED') AND c.due_at >= $1::timestamptz AND c.due_at <= (SELECT working_deadline($1::timestamptz, 1))
  UNION ALL
  SELECT ${CASE_COLUMNS}, 'CASE_OVERDUE', c.due_at FROM "case" c
  WHERE c.status IN ('OPEN', 'ACCEPTED') AND c.due_at < $1::timestamptz AND c.due_at >= $2::timestamptz
), keyed AS (
  SELECT due.*, lower(due.notice) || ':' || due.id || ':' || (extract(epoch FROM due.tier_entered_at) * 1000)::bigint AS key
  FROM due
)
INSERT INTO notification (key, kind, audience_role, audience_scope, occurred_at, case_id, place_code, data)
SELECT keyed.key, keyed.notice, tier_role(keyed.tier), keyed.holder_code, $1::timestamptz, keyed.id, keyed.block_code,
       jsonb_build_object('tier', keyed.tier, 'category', keyed.category, 'dueAt', keyed.deadline)
FROM keyed
-- A probe of the key's index per deadline, whatever the inbox's size (as NOT EXISTS, PostgreSQL
-- may choose to read the whole inbox into a hash instead).
WHERE (SELECT true FROM notification told WHERE told.key = keyed.key) IS NULL
-- In key order: two sweepers inserting the same keys wait for each other in one order, never in a cycle.
ORDER BY 1
-- A sweeper running at the same time may have told one since: still once.
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
