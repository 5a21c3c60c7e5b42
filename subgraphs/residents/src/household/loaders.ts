// Households asked of many places or blocks at once (a dashboard walking the whole tree): one SQL
// statement per figure or page shape, whatever the number of places.
import { type RawQueries, rollUpToPlaces } from "@grassroots/jurisdiction/roll-up";
import { loaderById, loaderOfGroups, type PageWindow } from "@grassroots/platform";
import DataLoader from "dataloader";
import type { Household, Resident } from "../generated/prisma/client";
import { Prisma } from "../generated/prisma/client";
import type { ResidentsPrisma } from "../prisma";

/** `reads` answers the place roll-ups: the request's raw reads (RequestInfo.reads), or the client. */
export function householdLoaders(prisma: ResidentsPrisma, reads: RawQueries = prisma) {
  /** Households under each place (any level): the per-block roll-up the triggers keep, summed by code. */
  const householdCount = new DataLoader<string, number>(async (codes) => {
    const counts = await rollUpToPlaces(
      reads,
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
        // The first `limit` households of every block (the page and one more, which says "more"):
        // one index range per block on (block_code, id), so a page costs its rows, not the block's.
        const ids = await prisma.$queryRaw<{ id: string }[]>`
          SELECT page.id FROM unnest(${[...blockCodes]}::text[]) AS block(code)
          CROSS JOIN LATERAL (
            SELECT id FROM household
            WHERE block_code = block.code
              AND (${after}::uuid IS NULL OR id > ${after}::uuid)
              AND (${before}::uuid IS NULL OR id < ${before}::uuid)
            ORDER BY id ${order}
            LIMIT ${limit}
          ) page`;
        const households = await prisma.household.findMany({
          where: { id: { in: ids.map(({ id }) => id) } },
          orderBy: { id: inverted ? "desc" : "asc" },
        });
        const byBlock = new Map<string, Household[]>();
        for (const household of households) {
          const page = byBlock.get(household.blockCode);
          if (page) page.push(household);
          else byBlock.set(household.blockCode, [household]);
        }
        return blockCodes.map((blockCode) => byBlock.get(blockCode) ?? []);
      });
      pages.set(key, loader);
    }
    return loader;
  }

  const household = loaderById<Household>((ids) => prisma.household.findMany({ where: { id: { in: ids } } }));

  /** Each household's residents, head first: one statement for every household of the request. */
  const residentsOf = loaderOfGroups<string, Resident>(
    (householdIds) =>
      prisma.resident.findMany({ where: { householdId: { in: householdIds } }, orderBy: [{ isHead: "desc" }, { id: "asc" }] }),
    (resident) => resident.householdId,
  );

  return { householdCount, householdPage, household, residentsOf };
}
