// Coverage of every place asked at once (a dashboard of the district, its streets, communities and
// blocks) in one SQL statement, from the roll-ups the visit trigger keeps (roll-ups.ts): the cost
// grows with the places asked, not with the visits stored.
import { codeLength } from "@grassroots/jurisdiction";
import { type RawQueries, rollUpToPlaces, yearAndMonthStarts } from "@grassroots/jurisdiction/roll-up";
import DataLoader from "dataloader";
import { Prisma } from "../generated/prisma/client";
import { type CoverageTargets, firstWholeDay } from "./targets";

/** `reads`: the request's raw reads (RequestInfo.reads), or the Prisma client. */
export function coverageLoaders(reads: RawQueries, targets: CoverageTargets) {
  /**
   * Distinct households visited since the coverage window opened, under each place (any level),
   * counted per block (a household visited in two blocks counts in each) by the day of its last
   * visit there: each block's window counter (the households from its day on; rollVisitWindows
   * keeps that the window's first whole day), the day buckets between the two when they differ,
   * and on the day the window opens the households one by one. Communities and places above them
   * read the counters kept per community (a tenth of the rows). The window's first day comes as a
   * parameter, not computed by PostgreSQL per row (half the statement's time when it was).
   */
  const visitedHouseholds = new DataLoader<string, number>(async (codes) => {
    const since = targets.since;
    const first = firstWholeDay(since);
    const rows = await rollUpToPlaces(reads, codes, ["visited"], ({ from, to }, grain) => {
      const byCommunity = grain === "COMMUNITY";
      const place = Prisma.raw(byCommunity ? "community_code" : "block_code");
      const counters = Prisma.raw(byCommunity ? "visited_household_community_window" : "visited_household_window");
      const days = Prisma.raw(byCommunity ? "visited_household_community_day" : "visited_household_day");
      const community = codeLength("COMMUNITY");
      const [low, high] = byCommunity ? [from.slice(0, community), to.slice(0, community)] : [from, to];
      const firstDay = Prisma.sql`${first.day}::date`;
      return Prisma.sql`
        SELECT counter.${place} AS block_code, counter.households - CASE
          WHEN counter.since_day = ${firstDay} THEN 0
          -- Between the two days: a day before the window's is taken away, one from it on added.
          ELSE coalesce((
            SELECT sum(CASE WHEN bucket.day < ${firstDay} THEN bucket.households ELSE -bucket.households END)
            FROM ${days} AS bucket WHERE bucket.${place} = counter.${place}
              AND bucket.day >= least(counter.since_day, ${firstDay})
              AND bucket.day < greatest(counter.since_day, ${firstDay})), 0)
          END AS "visited"
        FROM ${counters} AS counter
        WHERE counter.${place} BETWEEN ${low} AND ${high}
        UNION ALL
        SELECT block_code, 1 FROM visited_household
        WHERE last_occurred_at >= ${since} AND last_occurred_at < ${first.starts}
          AND block_code BETWEEN ${from} AND ${to}`;
    });
    return rows.map((row) => row.visited);
  });
  /**
   * Distinct households covered at the end of a day (YYYY-MM-DD, Asia/Shanghai: visited on a day d
   * with d <= day < d + 1 year), per block and rolled up: the spells' changes summed up to that day
   * (coveredPerBlock). Cost: blocks × (years of history + 11 months + 31 days), never the visits.
   */
  const coveredAsOf = new Map<string, DataLoader<string, number>>();
  const visitedHouseholdsAsOf = (day: string) => {
    let loader = coveredAsOf.get(day);
    if (!loader) {
      loader = new DataLoader<string, number>(async (codes) => {
        const rows = await rollUpToPlaces(reads, codes, ["visited"], (span) => coveredPerBlock(day, span));
        return rows.map((row) => row.visited);
      });
      coveredAsOf.set(day, loader);
    }
    return loader;
  };
  return { visitedHouseholds, visitedHouseholdsAsOf };
}

/**
 * Distinct households covered at the end of a day (YYYY-MM-DD, Asia/Shanghai) per block, for the
 * blocks whose codes lie in the span: the spells' changes summed up to that day, whole years from
 * visit_spell_year, the months of its year from visit_spell_month, the days of its month from
 * visit_spell_day (a block's years of history + at most 11 + 31 rows).
 */
export function coveredPerBlock(day: string, { from, to }: { from: string; to: string }) {
  const { year, month } = yearAndMonthStarts(day);
  return Prisma.sql`
    SELECT block_code, sum(change)::int AS "visited" FROM (
      SELECT block_code, change FROM visit_spell_year
      WHERE block_code BETWEEN ${from} AND ${to} AND year < ${year}::date
      UNION ALL
      SELECT block_code, change FROM visit_spell_month
      WHERE block_code BETWEEN ${from} AND ${to} AND month >= ${year}::date AND month < ${month}::date
      UNION ALL
      SELECT block_code, change FROM visit_spell_day
      WHERE block_code BETWEEN ${from} AND ${to} AND day >= ${month}::date AND day <= ${day}::date
    ) AS changes
    GROUP BY block_code`;
}
