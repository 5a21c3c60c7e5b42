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

export type CaseFigure = (typeof CASE_FIGURES)[number];

/**
 * Each figure's column in the roll-up tables (case_block_month, case_block_total and
 * case_community_total alike); overdue is not kept there (it depends on the time asked).
 */
const BUCKET_COLUMN: Record<CaseFigure, string> = {
  raised: "raised",
  open: "open",
  overdue: "0",
  openBlock: "open_block",
  openCommunity: "open_community",
  openStreet: "open_street",
  openDepartment: "open_department",
  responded: "responded",
  resolved: "resolved",
  closed: "closed",
  closeWorkingDays: "close_working_days",
  revisits: "revisits",
  satisfied: "satisfied",
};

/** rawFigures' columns named as the roll-up tables' (BUCKET_COLUMN), so that the same list selects from either. */
const EDGE_COLUMNS = Prisma.raw(
  CASE_FIGURES.map((figure) => (figure === "overdue" ? "overdue" : BUCKET_COLUMN[figure])).join(", "),
);

/**
 * `reads`: the request's raw reads (RequestInfo.reads), or the Prisma client. One loader per period
 * and set of figures: a statement sums only the figures its fields need (a dashboard asking open,
 * overdue and responseRate sums 4 columns of 13), and reads the open cases for overdue only when
 * overdue is asked.
 */
export function createStatsLoaders(reads: RawQueries, now: () => Date) {
  const loaders = new Map<string, DataLoader<string, CaseStatsRow>>();
  return (period: Period, figures: readonly CaseFigure[] = CASE_FIGURES) => {
    const { asked, names } = figuresInOrder(figures);
    const key = `${period.from?.toISOString() ?? ""}:${period.to?.toISOString() ?? ""}:${names}`;
    let loader = loaders.get(key);
    if (!loader) {
      loader = new DataLoader((codes) => loadStats(reads, codes, period, now(), asked));
      loaders.set(key, loader);
    }
    return loader;
  };
}

/**
 * Per list of figures asked, the figures in CASE_FIGURES' order and their names joined (a loader's
 * key). Each place's caseStats asks with the list of its selection (stats.ts), the same list for
 * all 1,666 places of a whole tree: filtered and joined once, not per place.
 */
const orderedFigures = new WeakMap<readonly CaseFigure[], { asked: CaseFigure[]; names: string }>();
function figuresInOrder(figures: readonly CaseFigure[]) {
  let known = orderedFigures.get(figures);
  if (!known) {
    const asked = CASE_FIGURES.filter((figure) => figures.includes(figure));
    // A statement needs a column: caseStats { __typename } asks no figure, and gets the first.
    if (asked.length === 0) asked.push(CASE_FIGURES[0]);
    known = { asked, names: asked.join(",") };
    orderedFigures.set(figures, known);
  }
  return known;
}

/** The rows hold the figures asked only: a field reads those its figures name (stats.ts). */
async function loadStats(reads: RawQueries, codes: readonly string[], period: Period, now: Date, figures: CaseFigure[]) {
  const { months, edges } = periodParts(period);
  // Without a period, one row per block (the sums over every month) rather than one per block and month.
  const allTime = period.from === null && period.to === null;
  const buckets = Prisma.raw(figures.map((figure) => BUCKET_COLUMN[figure]).join(", "));
  const rows = await rollUpToPlaces(reads, codes, figures, ({ from, to }, grain) => {
    // Communities and the places above them may read a row per community (a tenth of the rows): the
    // totals kept per community, and each overdue case under its community's code.
    const byCommunity = allTime && grain === "COMMUNITY";
    const community = codeLength("COMMUNITY");
    const place = byCommunity ? Prisma.sql`left(block_code, ${community}::int)` : Prisma.raw("block_code");
    const overdueCases = byCommunity ? "count(*)" : "1";
    const parts = [
      byCommunity &&
        Prisma.sql`
        SELECT community_code, ${buckets} FROM case_community_total
        WHERE community_code BETWEEN ${from.slice(0, community)} AND ${to.slice(0, community)}`,
      allTime &&
        !byCommunity &&
        Prisma.sql`
        SELECT block_code, ${buckets} FROM case_block_total
        WHERE block_code BETWEEN ${from} AND ${to}`,
      !allTime &&
        months &&
        Prisma.sql`
        SELECT block_code, ${buckets} FROM case_block_month
        WHERE block_code BETWEEN ${from} AND ${to}
          AND (${months.from}::date IS NULL OR month >= ${months.from}::date)
          AND (${months.to}::date IS NULL OR month < ${months.to}::date)`,
      ...edges.map(
        (edge) => Prisma.sql`
        SELECT block_code, ${buckets} FROM ${rawFigures(from, to, edge.from, edge.to)} AS edge_figures(block_code, ${EDGE_COLUMNS})`,
      ),
      // The overdue cases, which rollUpToPlaces sums with the buckets: one row per case for blocks, or
      // counted per community first where rows stand for communities (2,400 rows become 150 before the
      // sum by place: the district's statement 1.36 → 0.97 ms in psql; per block it cost more).
      figures.includes("overdue") &&
        Prisma.sql`
        SELECT ${place}, ${Prisma.raw(figures.map((figure) => (figure === "overdue" ? overdueCases : "0")).join(", "))}
        FROM "case"
        WHERE status IN ('OPEN', 'ACCEPTED') AND block_code BETWEEN ${from} AND ${to} AND due_at < ${now}::timestamptz
          AND (${period.from}::timestamptz IS NULL OR raised_at >= ${period.from}::timestamptz)
          AND (${period.to}::timestamptz IS NULL OR raised_at < ${period.to}::timestamptz)
        ${byCommunity ? Prisma.sql`GROUP BY 1` : Prisma.empty}`,
    ].filter((part) => part !== null && part !== false);
    // A period with nothing in it (it ends before it starts) and no overdue asked: no rows, all zero.
    if (parts.length === 0)
      parts.push(Prisma.sql`SELECT NULL::text, ${Prisma.raw(figures.map(() => "0").join(", "))} WHERE false`);
    return Prisma.sql`
      SELECT * FROM (${Prisma.join(parts, " UNION ALL ")})
        AS part(block_code, ${Prisma.raw(figures.map((f) => `"${f}"`).join(", "))})`;
  });
  return rows as CaseStatsRow[];
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
