// Households asked of many places or blocks at once (a dashboard walking the whole tree): one SQL
// statement per figure or page shape, whatever the number of places.
import { rollUpToPlaces } from "@grassroots/jurisdiction/roll-up";
import { loaderById, type PageWindow } from "@grassroots/platform";
import DataLoader from "dataloader";
import type { Household } from "../generated/prisma/client";
import { Prisma } from "../generated/prisma/client";
import type { ResidentsPrisma } from "../prisma";

export function householdLoaders(prisma: ResidentsPrisma) {
  /** Households under each place (any level): the per-block roll-up the triggers keep, summed by code. */
  const householdCount = new DataLoader<string, number>(async (codes) => {
    const counts = await rollUpToPlaces(
      prisma,
      codes,
      ["households"],
      ({ from, to }) => Prisma.sql`
        SELECT block_code, households FROM block_households
        WHERE block_code BETWEEN ${from} AND ${to}`,
    );
    return counts.map(({ households }) => households);
  });

  // One loader per page window: sibling blocks asking for the same page share a statement.
  const pages = new Map<string, DataLoader<string, Household[]>>();
  /** A page of each block's households in id order (reverse order when paging from the end). */
  function householdPage(window: PageWindow) {
    const key = JSON.stringify(window);
    let loader = pages.get(key);
    if (!loader) {
      loader = new DataLoader(async (blockCodes) => {
        const { after, before, limit, inverted } = window;
        const order = inverted ? Prisma.sql`DESC` : Prisma.sql`ASC`;
        // The first `limit` households of every block in one pass (the page and one more, which says "more").
        const ids = await prisma.$queryRaw<{ id: string }[]>`
          SELECT id FROM (
            SELECT id, row_number() OVER (PARTITION BY block_code ORDER BY id ${order}) AS position
            FROM household
            WHERE block_code = ANY(${[...blockCodes]}::text[])
              AND (${after}::uuid IS NULL OR id > ${after}::uuid)
              AND (${before}::uuid IS NULL OR id < ${before}::uuid)
          ) ranked
          WHERE position <= ${limit}`;
        const households = await prisma.household.findMany({
          where: { id: { in: ids.map(({ id }) => id) } },
          orderBy: { id: inverted ? "desc" : "asc" },
        });
        const byBlock = new Map<string, Household[]>();
        for (const household of households) {
          byBlock.set(household.blockCode, [...(byBlock.get(household.blockCode) ?? []), household]);
        }
        return blockCodes.map((blockCode) => byBlock.get(blockCode) ?? []);
      });
      pages.set(key, loader);
    }
    return loader;
  }

  const household = loaderById<Household>((ids) => prisma.household.findMany({ where: { id: { in: ids } } }));

  return { householdCount, householdPage, household };
}
