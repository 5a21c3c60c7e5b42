// Case statistics for places, computed by the database: one statement for every place asked at
// once (per period), counting per block over the span the places cover and rolling the block
// figures up to each place by code range.
import { blockCodeSpan, ROLL_UP_PER_BLOCK } from "@grassroots/jurisdiction";
import DataLoader from "dataloader";
import { Prisma } from "./generated/prisma/client";
import type { EscalationsPrisma } from "./prisma";

export interface CaseStatsRow {
  code: string;
  raised: number;
  open: number;
  overdue: number;
  openBlock: number;
  openCommunity: number;
  openStreet: number;
  openDepartment: number;
  responded: number;
  resolved: number;
  closed: number;
  closeWorkingDays: number;
  revisits: number;
  satisfied: number;
}

export interface Period {
  from: Date | null;
  to: Date | null;
}

export function createStatsLoaders(prisma: EscalationsPrisma, now: () => Date) {
  const loaders = new Map<string, DataLoader<string, CaseStatsRow>>();
  return (period: Period) => {
    const key = `${period.from?.toISOString() ?? ""}:${period.to?.toISOString() ?? ""}`;
    let loader = loaders.get(key);
    if (!loader) {
      loader = new DataLoader((codes) => loadStats(prisma, [...codes], period, now()));
      loaders.set(key, loader);
    }
    return loader;
  };
}

async function loadStats(prisma: EscalationsPrisma, codes: string[], period: Period, now: Date): Promise<CaseStatsRow[]> {
  const { from, to } = blockCodeSpan(codes);
  const rows = await prisma.$queryRaw<CaseStatsRow[]>`
    WITH revisit_counts AS (
      SELECT case_id, count(*) AS revisits, count(*) FILTER (WHERE outcome = 'SATISFIED') AS satisfied
      FROM revisit GROUP BY case_id
    ), per_block AS (
      SELECT c.block_code,
        count(*) AS raised,
        count(*) FILTER (WHERE c.status IN ('OPEN', 'ACCEPTED')) AS open,
        count(*) FILTER (WHERE c.status IN ('OPEN', 'ACCEPTED') AND c.due_at < ${now}::timestamptz) AS overdue,
        count(*) FILTER (WHERE c.status IN ('OPEN', 'ACCEPTED') AND c.tier = 'BLOCK') AS open_block,
        count(*) FILTER (WHERE c.status IN ('OPEN', 'ACCEPTED') AND c.tier = 'COMMUNITY') AS open_community,
        count(*) FILTER (WHERE c.status IN ('OPEN', 'ACCEPTED') AND c.tier = 'STREET') AS open_street,
        count(*) FILTER (WHERE c.status IN ('OPEN', 'ACCEPTED') AND c.tier = 'DEPARTMENT') AS open_department,
        count(*) FILTER (WHERE first_clock.accepted_at <= first_clock.response_due_at) AS responded,
        count(*) FILTER (WHERE c.status IN ('RESOLVED', 'CLOSED')) AS resolved,
        count(*) FILTER (WHERE c.status = 'CLOSED') AS closed,
        coalesce(sum(working_days_between(c.raised_at, c.closed_at)) FILTER (WHERE c.status = 'CLOSED'), 0) AS close_working_days,
        coalesce(sum(revisit_counts.revisits), 0) AS revisits,
        coalesce(sum(revisit_counts.satisfied), 0) AS satisfied
      FROM "case" c
      JOIN tier_clock first_clock ON first_clock.case_id = c.id AND first_clock.sequence = 1
      LEFT JOIN revisit_counts ON revisit_counts.case_id = c.id
      WHERE c.block_code BETWEEN ${from} AND ${to}
        AND c.status <> 'WITHDRAWN'
        AND (${period.from}::timestamptz IS NULL OR c.raised_at >= ${period.from}::timestamptz)
        AND (${period.to}::timestamptz IS NULL OR c.raised_at < ${period.to}::timestamptz)
      GROUP BY c.block_code
    )
    SELECT place.code,
      coalesce(sum(raised), 0)::int AS raised, coalesce(sum(open), 0)::int AS open, coalesce(sum(overdue), 0)::int AS overdue,
      coalesce(sum(open_block), 0)::int AS "openBlock", coalesce(sum(open_community), 0)::int AS "openCommunity",
      coalesce(sum(open_street), 0)::int AS "openStreet", coalesce(sum(open_department), 0)::int AS "openDepartment",
      coalesce(sum(responded), 0)::int AS responded, coalesce(sum(resolved), 0)::int AS resolved,
      coalesce(sum(closed), 0)::int AS closed, coalesce(sum(close_working_days), 0)::int AS "closeWorkingDays",
      coalesce(sum(revisits), 0)::int AS revisits, coalesce(sum(satisfied), 0)::int AS satisfied
    FROM unnest(${codes}::text[]) AS place(code)
    LEFT JOIN ${Prisma.raw(ROLL_UP_PER_BLOCK)} ON ancestor.code = place.code
    GROUP BY place.code`;
  const byCode = new Map(rows.map((row) => [row.code, row]));
  return codes.map((code) => byCode.get(code) as CaseStatsRow);
}
