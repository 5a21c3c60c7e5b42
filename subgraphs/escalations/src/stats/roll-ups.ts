// The per-block roll-ups of caseStats (case_block_month, and its sums over all months in
// case_block_total and per community in case_community_total): the triggers of migrations 0005,
// 0006 and 0010 keep them current in every writing transaction; this recomputes them from the rows in one set-based
// statement, for repair, after bulk loads (the history seed) and for tests.
import type { Prisma } from "../generated/prisma/client";
import type { EscalationsPrisma } from "../prisma";

/**
 * Recomputes every bucket from case, tier_clock and revisit; answers the rows written per table.
 * Three transactions at once, one per family of roll-ups (a statement runs on one core): each takes
 * its share lock before it reads, so writers wait until all three have committed and all three
 * count the same rows.
 */
export async function rebuildCaseRollUps(prisma: EscalationsPrisma): Promise<Record<string, number>> {
  const parts = await Promise.all([
    rebuilding(prisma, ["case_block_month", "case_block_total", "case_community_total"], rebuildStatsRollUps),
    rebuilding(prisma, ["case_trend_month"], rebuildTrendRollUps),
    rebuilding(prisma, ["case_open_day", "case_open_month", "case_open_year"], rebuildOpenRollUps),
  ]);
  return Object.assign({}, ...parts);
}

/** Empties `tables` and runs `rebuild` in one transaction, holding the rows still while it counts them. */
function rebuilding(
  prisma: EscalationsPrisma,
  tables: string[],
  rebuild: (tx: Prisma.TransactionClient) => Promise<Record<string, number>>,
): Promise<Record<string, number>> {
  return prisma.$transaction(
    async (tx) => {
      // Writers wait (and are not lost) while the buckets are recounted from a consistent snapshot.
      await tx.$executeRaw`LOCK TABLE "case", tier_clock, revisit, calendar_day IN SHARE MODE`;
      await tx.$executeRawUnsafe(`TRUNCATE ${tables.join(", ")}`);
      // The per-case joins and aggregates over a million cases stay in memory.
      await tx.$executeRaw`SET LOCAL work_mem = '128MB'`;
      return rebuild(tx);
    },
    { timeout: 600_000 },
  );
}

/** caseStats' buckets: case_block_month from the rows, case_block_total from the months, case_community_total from those. */
async function rebuildStatsRollUps(tx: Prisma.TransactionClient): Promise<Record<string, number>> {
  // The totals are summed below in one statement, not bucket by bucket by their trigger.
  await tx.$executeRaw`SET LOCAL grassroots.rebuilding_case_roll_ups = 'on'`;
  const written = await tx.$executeRaw`
        INSERT INTO case_block_month (block_code, month, raised, open, open_block, open_community, open_street,
          open_department, responded, resolved, closed, close_working_days, revisits, satisfied)
        WITH closed AS (
          SELECT min((raised_at AT TIME ZONE 'Asia/Shanghai')::date) AS lo, max((closed_at AT TIME ZONE 'Asia/Shanghai')::date) AS hi
          FROM "case" WHERE status = 'CLOSED'
        ), ord AS (
          SELECT o.day, o.ordinal FROM closed, working_day_ordinals(closed.lo, closed.hi) AS o
        ), responded AS (
          SELECT case_id FROM tier_clock WHERE sequence = 1 AND accepted_at <= response_due_at
        ), revisits AS (
          SELECT case_id, count(*) AS revisits, count(*) FILTER (WHERE outcome = 'SATISFIED') AS satisfied
          FROM revisit GROUP BY case_id
        )
        SELECT c.block_code, case_month(c.raised_at), count(*),
          count(*) FILTER (WHERE c.status IN ('OPEN', 'ACCEPTED')),
          count(*) FILTER (WHERE c.status IN ('OPEN', 'ACCEPTED') AND c.tier = 'BLOCK'),
          count(*) FILTER (WHERE c.status IN ('OPEN', 'ACCEPTED') AND c.tier = 'COMMUNITY'),
          count(*) FILTER (WHERE c.status IN ('OPEN', 'ACCEPTED') AND c.tier = 'STREET'),
          count(*) FILTER (WHERE c.status IN ('OPEN', 'ACCEPTED') AND c.tier = 'DEPARTMENT'),
          count(responded.case_id),
          count(*) FILTER (WHERE c.status IN ('RESOLVED', 'CLOSED')),
          count(*) FILTER (WHERE c.status = 'CLOSED'),
          coalesce(sum(greatest(0, closed_ord.ordinal - raised_ord.ordinal)) FILTER (WHERE c.status = 'CLOSED'), 0),
          coalesce(sum(revisits.revisits), 0),
          coalesce(sum(revisits.satisfied), 0)
        FROM "case" c
        LEFT JOIN responded ON responded.case_id = c.id
        LEFT JOIN revisits ON revisits.case_id = c.id
        LEFT JOIN ord raised_ord ON c.status = 'CLOSED' AND raised_ord.day = (c.raised_at AT TIME ZONE 'Asia/Shanghai')::date
        LEFT JOIN ord closed_ord ON c.status = 'CLOSED' AND closed_ord.day = (c.closed_at AT TIME ZONE 'Asia/Shanghai')::date
        WHERE c.status NOT IN ('WITHDRAWN', 'MERGED')
        GROUP BY c.block_code, case_month(c.raised_at)`;
  const totals = await tx.$executeRaw`
        INSERT INTO case_block_total (block_code, raised, open, open_block, open_community, open_street,
          open_department, responded, resolved, closed, close_working_days, revisits, satisfied)
        SELECT block_code, sum(raised), sum(open), sum(open_block), sum(open_community), sum(open_street),
          sum(open_department), sum(responded), sum(resolved), sum(closed), sum(close_working_days), sum(revisits),
          sum(satisfied)
        FROM case_block_month GROUP BY block_code`;
  const communities = await tx.$executeRaw`
        INSERT INTO case_community_total (community_code, raised, open, open_block, open_community, open_street,
          open_department, responded, resolved, closed, close_working_days, revisits, satisfied)
        SELECT left(block_code, 12), sum(raised), sum(open), sum(open_block), sum(open_community), sum(open_street),
          sum(open_department), sum(responded), sum(resolved), sum(closed), sum(close_working_days), sum(revisits),
          sum(satisfied)
        FROM case_block_total GROUP BY 1`;
  return { case_block_month: written, case_block_total: totals, case_community_total: communities };
}

/**
 * caseTrend's buckets from the cases (migration 0008): counted per block first (a million cases
 * fall into about 600,000 block buckets), then each dimension per block, then those summed to the
 * block's ancestors: the smaller sums are hashed into small tables, instead of eight rows per case
 * bucket (two dimensions × four places) into one large one (6.7 s → 4.9 s on a bench-scale history,
 * warm, in psql; 13.5 s before the per-block step, on a slower host); written in key order.
 */
async function rebuildTrendRollUps(tx: Prisma.TransactionClient): Promise<Record<string, number>> {
  const trend = await tx.$executeRaw`
    INSERT INTO case_trend_month (place_code, month, dimension, key, raised, open, resolved, closed)
    WITH per_block AS (
      SELECT c.block_code, case_month(c.raised_at) AS month, c.category::text AS category, c.tier::text AS tier,
        count(*) AS raised,
        count(*) FILTER (WHERE c.status IN ('OPEN', 'ACCEPTED')) AS open,
        count(*) FILTER (WHERE c.status IN ('RESOLVED', 'CLOSED')) AS resolved,
        count(*) FILTER (WHERE c.status = 'CLOSED') AS closed
      FROM "case" c
      WHERE c.status NOT IN ('WITHDRAWN', 'MERGED')
      GROUP BY 1, 2, 3, 4
    ), blocks AS MATERIALIZED (
      SELECT block_code AS place, month, 'CATEGORY' AS dimension, category AS key,
        sum(raised) AS raised, sum(open) AS open, sum(resolved) AS resolved, sum(closed) AS closed
      FROM per_block GROUP BY block_code, month, category
      UNION ALL
      SELECT block_code, month, 'TIER', tier, sum(raised), sum(open), sum(resolved), sum(closed)
      FROM per_block GROUP BY block_code, month, tier
    )
    SELECT * FROM (
      SELECT place, month, dimension, key, raised, open, resolved, closed FROM blocks
      UNION ALL
      -- The block's community, street and district (its ancestors: all but the last of the list).
      SELECT ancestor, month, dimension, key, sum(raised), sum(open), sum(resolved), sum(closed)
      FROM blocks, LATERAL unnest((place_and_ancestors(place))[1:3]) AS ancestor
      GROUP BY ancestor, month, dimension, key
    ) AS buckets
    ORDER BY dimension, place, month, key`;
  return { case_trend_month: trend };
}

/**
 * casesOpenAt's day, month and year changes from the tier clocks (migrations 0008, 0011). The days are written in
 * their key's order (day, block), so the index is filled in order: the statement over a bench-scale
 * history (1.4 million rows) took 11.4 s instead of 14.9, alone, in psql; with each clock's local
 * days converted once, 6.2 s instead of 7.7 (warm, on a faster host).
 */
async function rebuildOpenRollUps(tx: Prisma.TransactionClient): Promise<Record<string, number>> {
  const days = await tx.$executeRaw`
    INSERT INTO case_open_day (block_code, day, open_block, open_community, open_street, open_department, overdue)
    SELECT block_code, day, sum(open * (tier = 'BLOCK')::int), sum(open * (tier = 'COMMUNITY')::int),
      sum(open * (tier = 'STREET')::int), sum(open * (tier = 'DEPARTMENT')::int), sum(overdue)
    FROM (
      SELECT k.block_code, change.day, k.tier, change.open, change.overdue
      FROM (
        -- Each clock's local days once (OFFSET 0 keeps the planner from pasting the conversions into
        -- every change that uses them).
        SELECT c.block_code, k.tier, case_local_day(k.started_at) AS started, case_local_day(k.due_at) AS due,
          case_local_day(k.ended_at) AS ended
        FROM tier_clock k JOIN "case" c ON c.id = k.case_id
        OFFSET 0
      ) AS k,
      LATERAL (VALUES (k.started, 1, 0), (k.due, 0, 1), (k.ended, -1, 0), (greatest(k.due, k.ended), 0, -(k.ended IS NOT NULL)::int)
      ) AS change(day, open, overdue)
      WHERE change.day IS NOT NULL
    ) AS changes
    GROUP BY day, block_code
    ORDER BY day, block_code`;
  const months = await tx.$executeRaw`
    INSERT INTO case_open_month (block_code, month, open_block, open_community, open_street, open_department, overdue)
    SELECT block_code, date_trunc('month', day)::date, sum(open_block), sum(open_community), sum(open_street),
      sum(open_department), sum(overdue)
    FROM case_open_day GROUP BY 1, 2`;
  const years = await tx.$executeRaw`
    INSERT INTO case_open_year (block_code, year, open_block, open_community, open_street, open_department, overdue)
    SELECT block_code, date_trunc('year', month)::date, sum(open_block), sum(open_community), sum(open_street),
      sum(open_department), sum(overdue)
    FROM case_open_month GROUP BY 1, 2`;
  return { case_open_day: days, case_open_month: months, case_open_year: years };
}
