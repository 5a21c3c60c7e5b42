// Per-request loaders. Every count or page asked of many places at once (a dashboard walking the
// whole tree) becomes one SQL statement, whatever the number of places.
import { blockCodeRange } from "@grassroots/jurisdiction";
import DataLoader from "dataloader";
import type { Household } from "./generated/prisma/client";
import type { ResidentsPrisma } from "./prisma";

export interface HouseholdPage {
  households: Household[];
  hasNextPage: boolean;
}

export function createLoaders(prisma: ResidentsPrisma) {
  /**
   * Households under each place (any level) in one statement: count per block once over the span
   * the places cover, then roll the block counts up to each place by code range.
   */
  const householdCount = new DataLoader<string, number>(async (codes) => {
    // Fixed-width digit strings: lexicographic order is numeric order.
    const bounds = codes.flatMap((code) => Object.values(blockCodeRange(code))).sort();
    const [from, to] = [bounds[0], bounds.at(-1)];
    const rows = await prisma.$queryRaw<{ code: string; count: number }[]>`
      WITH per_block AS (
        SELECT block_code, count(*) AS households FROM household
        WHERE block_code BETWEEN ${from} AND ${to}
        GROUP BY block_code
      )
      SELECT place.code, coalesce(sum(per_block.households), 0)::int AS count
      FROM unnest(${[...codes]}::text[]) AS place(code)
      LEFT JOIN per_block
        ON per_block.block_code BETWEEN rpad(place.code, 15, '0') AND rpad(place.code, 15, '9')
      GROUP BY place.code`;
    const counts = new Map(rows.map((row) => [row.code, row.count]));
    return codes.map((code) => counts.get(code) ?? 0);
  });

  // One loader per page shape: siblings asking for the same page share a statement.
  const pages = new Map<string, DataLoader<string, HouseholdPage>>();
  function householdPage(first: number, afterId: string | null) {
    const key = `${first}:${afterId ?? ""}`;
    let loader = pages.get(key);
    if (!loader) {
      loader = new DataLoader(async (blockCodes) => {
        // The first `first + 1` households of every block in one pass; the extra one says "more".
        const ids = await prisma.$queryRaw<{ id: string }[]>`
          SELECT id FROM (
            SELECT id, row_number() OVER (PARTITION BY block_code ORDER BY id) AS position
            FROM household
            WHERE block_code = ANY(${[...blockCodes]}::text[])
              AND (${afterId}::uuid IS NULL OR id > ${afterId}::uuid)
          ) ranked
          WHERE position <= ${first + 1}`;
        const households = await prisma.household.findMany({
          where: { id: { in: ids.map(({ id }) => id) } },
          orderBy: { id: "asc" },
        });
        const byBlock = new Map<string, Household[]>();
        for (const household of households) {
          byBlock.set(household.blockCode, [...(byBlock.get(household.blockCode) ?? []), household]);
        }
        return blockCodes.map((blockCode) => {
          const ofBlock = byBlock.get(blockCode) ?? [];
          return { households: ofBlock.slice(0, first), hasNextPage: ofBlock.length > first };
        });
      });
      pages.set(key, loader);
    }
    return loader;
  }

  const household = new DataLoader<string, Household | null>(async (ids) => {
    const rows = new Map((await prisma.household.findMany({ where: { id: { in: [...ids] } } })).map((row) => [row.id, row]));
    return ids.map((id) => rows.get(id) ?? null);
  });

  return { householdCount, householdPage, household };
}
