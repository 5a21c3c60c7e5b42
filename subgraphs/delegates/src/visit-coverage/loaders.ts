// Coverage of every place asked at once (a dashboard of the district, its streets, communities and
// blocks) in one SQL statement.
import { rollUpToPlaces } from "@grassroots/jurisdiction/roll-up";
import DataLoader from "dataloader";
import { Prisma } from "../generated/prisma/client";
import type { DelegatesPrisma } from "../prisma";
import type { CoverageTargets } from "./targets";

export function coverageLoaders(prisma: DelegatesPrisma, targets: CoverageTargets) {
  /**
   * Distinct households visited since the coverage window opened, under each place (any level):
   * counted per block over the span the places cover, then rolled up. A household visit always
   * carries the household's block.
   */
  const visitedHouseholds = new DataLoader<string, number>(async (codes) => {
    const rows = await rollUpToPlaces(
      prisma,
      codes,
      ["visited"],
      ({ from, to }) => Prisma.sql`
        SELECT place_code AS block_code, count(DISTINCT household_id) AS "visited" FROM visit
        WHERE place_code BETWEEN ${from} AND ${to}
          AND household_id IS NOT NULL
          AND occurred_at >= ${targets.since}
        GROUP BY place_code`,
    );
    return rows.map((row) => row.visited);
  });
  return { visitedHouseholds };
}
