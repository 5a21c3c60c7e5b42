// Case statistics for places, computed by the database: one statement for every place asked at
// once (per period), counting per block over the span the places cover and rolling the block
// figures up to each place.
import { rollUpToPlaces } from "@grassroots/jurisdiction/roll-up";
import DataLoader from "dataloader";
import { Prisma } from "../generated/prisma/client";
import type { EscalationsPrisma } from "../prisma";

const FIGURES = [
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

export type CaseStatsRow = Record<(typeof FIGURES)[number], number>;

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
      loader = new DataLoader((codes) => loadStats(prisma, codes, period, now()));
      loaders.set(key, loader);
    }
    return loader;
  };
}

function loadStats(prisma: EscalationsPrisma, codes: readonly string[], period: Period, now: Date) {
  return rollUpToPlaces(
    prisma,
    codes,
    FIGURES,
    ({ from, to }) => Prisma.sql`
      WITH revisit_counts AS (
        SELECT case_id, count(*) AS revisits, count(*) FILTER (WHERE outcome = 'SATISFIED') AS satisfied
        FROM revisit GROUP BY case_id
      )
      SELECT c.block_code,
        count(*) AS raised,
        count(*) FILTER (WHERE c.status IN ('OPEN', 'ACCEPTED')) AS open,
        count(*) FILTER (WHERE c.status IN ('OPEN', 'ACCEPTED') AND c.due_at < ${now}::timestamptz) AS overdue,
        count(*) FILTER (WHERE c.status IN ('OPEN', 'ACCEPTED') AND c.tier = 'BLOCK') AS "openBlock",
        count(*) FILTER (WHERE c.status IN ('OPEN', 'ACCEPTED') AND c.tier = 'COMMUNITY') AS "openCommunity",
        count(*) FILTER (WHERE c.status IN ('OPEN', 'ACCEPTED') AND c.tier = 'STREET') AS "openStreet",
        count(*) FILTER (WHERE c.status IN ('OPEN', 'ACCEPTED') AND c.tier = 'DEPARTMENT') AS "openDepartment",
        count(*) FILTER (WHERE first_clock.accepted_at <= first_clock.response_due_at) AS responded,
        count(*) FILTER (WHERE c.status IN ('RESOLVED', 'CLOSED')) AS resolved,
        count(*) FILTER (WHERE c.status = 'CLOSED') AS closed,
        coalesce(sum(working_days_between(c.raised_at, c.closed_at)) FILTER (WHERE c.status = 'CLOSED'), 0) AS "closeWorkingDays",
        coalesce(sum(revisit_counts.revisits), 0) AS revisits,
        coalesce(sum(revisit_counts.satisfied), 0) AS satisfied
      FROM "case" c
      JOIN tier_clock first_clock ON first_clock.case_id = c.id AND first_clock.sequence = 1
      LEFT JOIN revisit_counts ON revisit_counts.case_id = c.id
      WHERE c.block_code BETWEEN ${from} AND ${to}
        AND c.status <> 'WITHDRAWN'
        AND (${period.from}::timestamptz IS NULL OR c.raised_at >= ${period.from}::timestamptz)
        AND (${period.to}::timestamptz IS NULL OR c.raised_at < ${period.to}::timestamptz)
      GROUP BY c.block_code`,
  );
}
