// The sweeper: every OPEN or ACCEPTED case past its tier's limit moves up one tier, with an event
// saying why (after the deadlines near and missed are told). The server prunes the inbox after each
// sweep (src/notification/retention.ts). Set-based SQL in batches; rows another transaction holds are skipped (FOR UPDATE SKIP
// LOCKED), so two sweepers never move one case twice, and a second run finds nothing left to move.
// Every replica of the escalations subgraph runs a sweeper, but one batch runs at a time over all of
// them (a transaction-level advisory lock): two batches at once would each update several blocks'
// roll-up rows (case_block_month, by trigger) in their own order and deadlock. A replica finding
// the lock taken ends its run: the holder sweeps on until nothing is left.
// Cases already with a department have nowhere to go: they stay overdue and count as such. A case
// goes to the place above whoever holds it now (after a transfer, the new holder's chain).
import type { Directory } from "@grassroots/directory";
import { ensureCalendarYears } from "../calendar/years";
import { remindDeadlines } from "../notification/reminders";
import { DEFAULT_NOTIFICATION_RETENTION_DAYS, retentionCutoff } from "../notification/retention";
import type { EscalationsPrisma } from "../prisma";

/** The advisory lock one sweeper batch holds at a time, in every escalations database. */
const SWEEP_LOCK = 72_640_192;

export interface SweepOptions {
  now?: Date;
  batchSize?: number;
  actor?: string;
  /** How long the inbox keeps a notification (NOTIFICATION_RETENTION_DAYS): deadlines missed before are not told again. */
  notificationRetentionDays?: number;
}

const SWEEP = `
WITH routes AS (
  SELECT * FROM json_to_recordset($3::json) AS route(district text, category text, department text)
), overdue AS (
  -- Street-tier cases without a known department route stay put (they would block every batch).
  SELECT c.id FROM "case" c
  WHERE c.status IN ('OPEN', 'ACCEPTED') AND c.due_at < $1::timestamptz AND c.tier <> 'DEPARTMENT'
    AND (c.tier <> 'STREET' OR EXISTS (
      SELECT 1 FROM routes route WHERE route.district = left(c.block_code, 6) AND route.category = c.category::text))
  ORDER BY c.due_at, c.id
  LIMIT $2
  FOR UPDATE OF c SKIP LOCKED
), target AS (
  SELECT c.id, c.tier AS from_tier, c.holder_code AS from_holder, c.status AS from_status, c.due_at AS missed,
         (CASE c.tier WHEN 'BLOCK' THEN 'COMMUNITY' WHEN 'COMMUNITY' THEN 'STREET' ELSE 'DEPARTMENT' END)::"Tier" AS to_tier,
         CASE c.tier WHEN 'BLOCK' THEN left(c.holder_code, 12) WHEN 'COMMUNITY' THEN left(c.holder_code, 9) ELSE route.department END AS to_holder
  FROM "case" c
  JOIN overdue ON overdue.id = c.id
  LEFT JOIN routes route ON route.district = left(c.block_code, 6) AND route.category = c.category::text
), movable AS (
  SELECT target.*, policy.limit_days, policy.response_days
  FROM target JOIN tier_policy policy ON policy.tier = target.to_tier
  WHERE target.to_holder IS NOT NULL
), moved AS (
  UPDATE "case" c
  SET tier = m.to_tier, holder_code = m.to_holder, status = 'OPEN', tier_entered_at = $1::timestamptz,
      response_due_at = working_deadline($1::timestamptz, m.response_days),
      due_at = working_deadline($1::timestamptz, m.limit_days),
      deadline_provisional = calendar_provisional($1::timestamptz, working_deadline($1::timestamptz, m.limit_days)),
      commitment_date = NULL, commitment_note = NULL, transfers_at_tier = 0, version = c.version + 1
  FROM movable m
  WHERE c.id = m.id
  RETURNING c.id, m.from_tier, m.from_holder, m.from_status, m.missed, c.tier, c.holder_code, c.response_due_at, c.due_at
), ended_clocks AS (
  UPDATE tier_clock clock SET ended_at = $1::timestamptz
  FROM moved WHERE clock.case_id = moved.id AND clock.ended_at IS NULL
  RETURNING clock.case_id
), new_clocks AS (
  INSERT INTO tier_clock (id, case_id, sequence, tier, holder_code, started_at, response_due_at, due_at)
  SELECT gen_random_uuid(), moved.id, (SELECT coalesce(max(sequence), 0) + 1 FROM tier_clock WHERE case_id = moved.id),
         moved.tier, moved.holder_code, $1::timestamptz, moved.response_due_at, moved.due_at
  FROM moved
  RETURNING case_id
)
INSERT INTO case_event (id, case_id, sequence, kind, actor, at, from_status, to_status, from_tier, to_tier, from_holder, to_holder, reason)
SELECT gen_random_uuid(), moved.id, (SELECT coalesce(max(sequence), 0) + 1 FROM case_event WHERE case_id = moved.id),
       'ESCALATED', $4, $1::timestamptz, moved.from_status, 'OPEN', moved.from_tier, moved.tier, moved.from_holder, moved.holder_code,
       'Overdue: the ' || lower(moved.from_tier::text) || ' tier''s time limit ended at '
         || to_char(moved.missed AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') || ' (Asia/Shanghai) with the case unresolved.'
FROM moved
RETURNING case_id`;

/** Escalates every overdue case it can, batch by batch; returns how many moved. */
export async function sweepOverdueCases(prisma: EscalationsPrisma, directory: Directory, options: SweepOptions = {}) {
  const now = options.now ?? new Date();
  await ensureCalendarYears(prisma, now);
  // Deadlines near and missed are told first, once each, with the same `now`: every case moved below
  // whose deadline passed within the inbox's retention has had its overdue notice; one missed before
  // had it then, pruned since, and is not told again (src/notification/reminders.ts).
  const keptSince = retentionCutoff(now, options.notificationRetentionDays ?? DEFAULT_NOTIFICATION_RETENTION_DAYS);
  await remindDeadlines(prisma, now, keptSince);
  const batchSize = options.batchSize ?? 500;
  // Street-tier cases go to a department: resolve the routes they need first (a handful, cached).
  const needed = await prisma.$queryRaw<{ district: string; category: string }[]>`
    SELECT DISTINCT left(block_code, 6) AS district, category::text AS category FROM "case"
    WHERE status IN ('OPEN', 'ACCEPTED') AND due_at < ${now}::timestamptz AND tier = 'STREET'`;
  // When the blocks subgraph cannot answer, street-tier cases wait for the next sweep; the lower
  // tiers are swept regardless.
  const routes = await Promise.all(
    needed.map(async ({ district, category }) => ({
      district,
      category,
      department: await directory.departmentFor(district, category).catch(() => null),
    })),
  );
  let moved = 0;
  for (;;) {
    const rows = await prisma.$transaction(async (tx) => {
      const [turn] = await tx.$queryRaw<{ taken: boolean }[]>`SELECT pg_try_advisory_xact_lock(${SWEEP_LOCK}) AS taken`;
      if (!turn?.taken) return null;
      return tx.$queryRawUnsafe<{ case_id: string }[]>(
        SWEEP,
        now,
        batchSize,
        JSON.stringify(routes.filter((route) => route.department)),
        options.actor ?? "system:sweeper",
      );
    });
    // Another replica's sweeper is at work: it moves what is left.
    if (rows === null) return moved;
    moved += rows.length;
    if (rows.length < batchSize) return moved;
  }
}
