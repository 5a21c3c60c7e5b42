// Case figures over time on every level of place, each one SQL statement for all places asked:
// casesOpenAt (what was open at the end of a day, from the tier clocks' day, month and year changes,
// case_open_day, case_open_month and case_open_year) and caseTrend (per month raised and category or tier, from
// case_trend_month, which holds every level's places). Both are kept by triggers (migration 0008) and rebuilt by rebuildCaseRollUps.
import { type RawQueries, rollUpToPlaces, yearAndMonthStarts } from "@grassroots/jurisdiction/roll-up";
import { badUserInput } from "@grassroots/platform";
import DataLoader from "dataloader";
import { Prisma } from "../generated/prisma/client";
import type { EscalationsPrisma } from "../prisma";
import { shanghaiMonthStart } from "./period";

export const OPEN_AT_FIGURES = ["open", "overdue", "openBlock", "openCommunity", "openStreet", "openDepartment"] as const;
export type OpenAtRow = Record<(typeof OPEN_AT_FIGURES)[number], number>;

/**
 * The open cases of places at the end of a day (YYYY-MM-DD, Asia/Shanghai): years before its own from
 * the year changes, its year's months before its own from the month changes, its month's days from
 * the day changes. A block's rows read: its years of history + at most 11 months + 31 days.
 */
export function createOpenAtLoaders(reads: RawQueries) {
  const loaders = new Map<string, DataLoader<string, OpenAtRow>>();
  return (day: string) => {
    let loader = loaders.get(day);
    if (!loader) {
      const { year, month } = yearAndMonthStarts(day);
      loader = new DataLoader((codes) =>
        rollUpToPlaces(reads, codes, OPEN_AT_FIGURES, ({ from, to }) => {
          const changes = Prisma.sql`
            SELECT block_code, open_block, open_community, open_street, open_department, overdue FROM case_open_year
            WHERE block_code BETWEEN ${from} AND ${to} AND year < ${year}::date
            UNION ALL
            SELECT block_code, open_block, open_community, open_street, open_department, overdue FROM case_open_month
            WHERE block_code BETWEEN ${from} AND ${to} AND month >= ${year}::date AND month < ${month}::date
            UNION ALL
            SELECT block_code, open_block, open_community, open_street, open_department, overdue FROM case_open_day
            WHERE block_code BETWEEN ${from} AND ${to} AND day >= ${month}::date AND day <= ${day}::date`;
          return Prisma.sql`
            SELECT block_code, sum(open_block + open_community + open_street + open_department) AS "open",
              sum(overdue) AS "overdue", sum(open_block) AS "openBlock", sum(open_community) AS "openCommunity",
              sum(open_street) AS "openStreet", sum(open_department) AS "openDepartment"
            FROM (${changes}) AS changes GROUP BY block_code`;
        }),
      );
      loaders.set(day, loader);
    }
    return loader;
  };
}

export type TrendDimension = "CATEGORY" | "TIER";
export interface TrendPoint {
  /** The first day of the Asia/Shanghai month, YYYY-MM-DD. */
  month: string;
  key: string;
  raised: number;
  open: number;
  resolved: number;
  closed: number;
}

export const MAX_TREND_MONTHS = 36;

/** The first month (YYYY-MM-DD) of the `months` Shanghai months ending with the one holding `now`. */
export function trendStart(now: Date, months: number): Date {
  if (!Number.isInteger(months) || months < 1 || months > MAX_TREND_MONTHS) {
    throw badUserInput(`Ask for 1 to ${MAX_TREND_MONTHS} months.`, { field: "months" });
  }
  return shanghaiMonthStart(now, 1 - months);
}

/** caseTrend of places: one statement per request and arguments, grouped by place, month and key. */
export function createTrendLoaders(prisma: EscalationsPrisma, now: () => Date) {
  const loaders = new Map<string, DataLoader<string, TrendPoint[]>>();
  return (months: number, by: TrendDimension) => {
    const key = `${months}:${by}`;
    let loader = loaders.get(key);
    if (!loader) {
      const start = trendStart(now(), months);
      const firstMonth = new Date(start.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
      loader = new DataLoader(async (codes) => {
        // The places' own rows (case_trend_month counts each case at every level), one JSON value
        // per place: a chart is a hundred points, and thousands of places' points parse far faster so.
        const rows = await prisma.$queryRaw<{ code: string; points: TrendPoint[] }[]>(Prisma.sql`
          SELECT place_code AS code, json_agg(json_build_object('month', to_char(month, 'YYYY-MM-DD'), 'key', key,
            'raised', raised, 'open', open, 'resolved', resolved, 'closed', closed) ORDER BY month, key) AS points
          FROM case_trend_month
          WHERE dimension = ${by} AND place_code = ANY(${[...codes]}::text[]) AND month >= ${firstMonth}::date AND raised > 0
          GROUP BY place_code`);
        const byPlace = new Map(rows.map((row) => [row.code, row.points]));
        return codes.map((code) => byPlace.get(code) ?? []);
      });
      loaders.set(key, loader);
    }
    return loader;
  };
}
