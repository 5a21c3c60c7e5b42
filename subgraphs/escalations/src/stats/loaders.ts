// Case statistics for places: one statement for every place asked at once (per period). The sums
// come from the per-block month buckets (case_block_month, kept current by triggers; without a period
// their sums per block, or per community where the places asked are communities or above); a period edge
// inside a month is counted from the rows of that partial month (index on raised_at); "overdue now"
// from the partial index over open cases. The block figures are rolled up to each place.
import { codeLength } from "@grassroots/jurisdiction";
import { type RawQueries, rollUpToPlaces } from "@grassroots/jurisdiction/roll-up";
import DataLoader from "dataloader";
import { Prisma } from "../generated/prisma/client";
import { periodParts } from "./period";

/** Every figure of caseStats, in the column order of each roll-up statement. */
export const CASE_FIGURES = [
  "raised",
  "open",
  "overdue",
  "openBlock",
  "openCommunity",
  "openStreet",
  "openDepartment",
  "responded",
  "resolved",
  "closed",
  "closeWorkingDays",
  "revisits",
  "satisfied",
] as const;

export type CaseStatsRow = Record<(typeof CASE_FIGURES)[number], number>;

export interface Period {
  from: Date | null;
  to: Date | null;
}

/** `reads`: the request's raw reads (RequestInfo.reads), or the Prisma client. */
export function createStatsLoaders(reads: RawQueries, now: () => Date) {
  const loaders = new Map<string, DataLoader<string, CaseStatsRow>>();
  return (period: Period) => {
    const key = `${period.from?.toISOString() ?? ""}:${period.to?.toISOString() ?? ""}`;
    let loader = loaders.get(key);
    if (!loader) {
      loader = new DataLoader((codes) => loadStats(reads, codes, period, now()));
      loaders.set(key, loader);
    }
    return loader;
  };
}

/** The figures a roll-up row holds (case_block_month, case_block_total and case_community_total alike), in CASE_FIGURES order. */
const BUCKET_FIGURES = Prisma.sql`raised, open, 0 AS overdue, open_block, open_community, open_street,
  open_department, responded, resolved, closed, close_working_days, revisits, satisfied`;

function loadStats(reads: RawQueries, codes: readonly string[], period: Period, now: Date) {
  const { months, edges } = periodParts(period);
  // Without a period, one row per block (the sums over every month) rather than one per block and month.
  const allTime = period.from === null && period.to === null;
  return rollUpToPlaces(reads, codes, CASE_FIGURES, ({ from, to }, grain) => {
    // Communities and the places above them may read a row per community (a tenth of the rows): the
    // totals kept per community, and each overdue case under its community's code.
    const byCommunity = allTime && grain === "COMMUNITY";
    const community = codeLength("COMMUNITY");
    const place = byCommunity ? Prisma.sql`left(block_code, ${community}::int)` : Prisma.raw("block_code");
    const parts = [
      byCommunity &&
        Prisma.sql`
        SELECT community_code, ${BUCKET_FIGURES} FROM case_community_total
        WHERE community_code BETWEEN ${from.slice(0, community)} AND ${to.slice(0, community)}`,
      allTime &&
        !byCommunity &&
        Prisma.sql`
        SELECT block_code, ${BUCKET_FIGURES} FROM case_block_total
        WHERE block_code BETWEEN ${from} AND ${to}`,
      !allTime &&
        months &&
        Prisma.sql`
        SELECT block_code, ${BUCKET_FIGURES} FROM case_block_month
        WHERE block_code BETWEEN ${from} AND ${to}
          AND (${months.from}::date IS NULL OR month >= ${months.from}::date)
          AND (${months.to}::date IS NULL OR month < ${months.to}::date)`,
      ...edges.map((edge) => rawFigures(from, to, edge.from, edge.to)),
      // One row per overdue case: rollUpToPlaces sums them with the buckets.
      Prisma.sql`
        SELECT ${place}, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
        FROM "case"
        WHERE status IN ('OPEN', 'ACCEPTED') AND block_code BETWEEN ${from} AND ${to} AND due_at < ${now}::timestamptz
          AND (${period.from}::timestamptz IS NULL OR raised_at >= ${period.from}::timestamptz)
          AND (${period.to}::timestamptz IS NULL OR raised_at < ${period.to}::timestamptz)`,
    ].filter((part) => part !== null && part !== false);
    return Prisma.sql`
      SELECT * FROM (${Prisma.join(parts, " UNION ALL ")})
        AS part(block_code, ${Prisma.raw(CASE_FIGURES.map((f) => `"${f}"`).join(", "))})`;
  });
}

/**
 * The figures of cases raised in [from, to), counted from the rows (a partial month: a few days'
 * cases, through the index on raised_at); working days to close as differences of working-day
 * ordinals over the span the cases cover (one pass over the calendar, not a count per case).
 */
function rawFigures(fromBlock: string, toBlock: string, from: Date, to: Date) {
  return Prisma.sql`(
    WITH edge AS (
      SELECT c.id, c.block_code, c.status, c.tier, (c.raised_at AT TIME ZONE 'Asia/Shanghai')::date AS raised_day,
             (c.closed_at AT TIME ZONE 'Asia/Shanghai')::date AS closed_day
      FROM "case" c
      WHERE c.raised_at >= ${from}::timestamptz AND c.raised_at < ${to}::timestamptz
        AND c.block_code BETWEEN ${fromBlock} AND ${toBlock} AND c.status NOT IN ('WITHDRAWN', 'MERGED')
    ), ord AS (
      SELECT o.day, o.ordinal
      FROM (SELECT min(raised_day) AS lo, max(closed_day) AS hi FROM edge WHERE status = 'CLOSED') AS span,
           working_day_ordinals(span.lo, span.hi) AS o
    )
    SELECT edge.block_code, count(*),
      count(*) FILTER (WHERE edge.status IN ('OPEN', 'ACCEPTED')),
      0,
      count(*) FILTER (WHERE edge.status IN ('OPEN', 'ACCEPTED') AND edge.tier = 'BLOCK'),
      count(*) FILTER (WHERE edge.status IN ('OPEN', 'ACCEPTED') AND edge.tier = 'COMMUNITY'),
      count(*) FILTER (WHERE edge.status IN ('OPEN', 'ACCEPTED') AND edge.tier = 'STREET'),
      count(*) FILTER (WHERE edge.status IN ('OPEN', 'ACCEPTED') AND edge.tier = 'DEPARTMENT'),
      count(*) FILTER (WHERE (SELECT accepted_at <= response_due_at FROM tier_clock
        WHERE tier_clock.case_id = edge.id AND tier_clock.sequence = 1)),
      count(*) FILTER (WHERE edge.status IN ('RESOLVED', 'CLOSED')),
      count(*) FILTER (WHERE edge.status = 'CLOSED'),
      coalesce(sum(greatest(0, closed_ord.ordinal - raised_ord.ordinal)) FILTER (WHERE edge.status = 'CLOSED'), 0),
      coalesce(sum(revisit_counts.revisits), 0),
      coalesce(sum(revisit_counts.satisfied), 0)
    FROM edge
    LEFT JOIN ord raised_ord ON edge.status = 'CLOSED' AND raised_ord.day = edge.raised_day
    LEFT JOIN ord closed_ord ON edge.status = 'CLOSED' AND closed_ord.day = edge.closed_day
    LEFT JOIN LATERAL (
      SELECT count(*) AS revisits, count(*) FILTER (WHERE outcome = 'SATISFIED') AS satisfied
      FROM revisit WHERE revisit.case_id = edge.id
    ) AS revisit_counts ON true
    GROUP BY edge.block_code)`;
}
