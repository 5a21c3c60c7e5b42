// Households asked of many places or blocks at once (a dashboard walking the whole tree): one SQL
// statement per figure or page shape, whatever the number of places.
import { type RawQueries, rollUpToPlaces } from "@grassroots/jurisdiction/roll-up";
import { groupBy, loaderById, type PageWindow } from "@grassroots/platform";
import DataLoader from "dataloader";
import type { Household, Resident } from "../generated/prisma/client";
import { Prisma } from "../generated/prisma/client";
import type { ResidentsPrisma } from "../prisma";

/** The head of the household first, then by id (uuid order: the same as its text's). */
function headFirst(a: Resident, b: Resident): number {
  if (a.isHead !== b.isHead) return a.isHead ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A place's households, by what the dashboard counts of them. */
export interface PlaceHouseholds {
  households: number;
  householdsInNeed: number;
  pairedHouseholds: number;
}

/** `reads` answers the place roll-ups: the request's raw reads (RequestInfo.reads), or the client. */
export function householdLoaders(prisma: ResidentsPrisma, reads: RawQueries = prisma) {
  /**
   * Under each place (any level): its households, those in need (needs not empty) and those of them
   * with an active pairing, from the per-block roll-up the triggers keep (roll-ups.ts), summed by
   * code. One statement for both figures a dashboard asks of a place (householdCount and
   * pairingCoverage), which read the same row of each block.
   */
  const placeHouseholds = new DataLoader<string, PlaceHouseholds>((codes) =>
    rollUpToPlaces(
      reads,
      codes,
      ["households", "householdsInNeed", "pairedHouseholds"],
      ({ from, to }) => Prisma.sql`
        SELECT block_code, households, in_need AS "householdsInNeed", paired AS "pairedHouseholds"
        FROM block_households
        WHERE block_code BETWEEN ${from} AND ${to}`,
    ),
  );

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
        // The rows themselves in the same statement, in the Prisma model's shape: a second lookup
        // by thousands of ids cost PostgreSQL more than the pages, and Prisma's compiler and
        // mapping of the rows more than that (a street's households for a dashboard: 4,000 rows).
        const households = await reads.$queryRaw<Household[]>(Prisma.sql`
          SELECT page.* FROM unnest(${[...blockCodes]}::text[]) AS block(code)
          CROSS JOIN LATERAL (
            SELECT id, block_code AS "blockCode", address, size, coalesce(needs::text[], '{}') AS needs,
              contact_phone AS "contactPhone", registered_at AS "registeredAt"
            FROM household
            WHERE block_code = block.code
              AND (${after}::uuid IS NULL OR id > ${after}::uuid)
              AND (${before}::uuid IS NULL OR id < ${before}::uuid)
            ORDER BY id ${order}
            LIMIT ${limit}
          ) page
          ORDER BY page.id ${order}`);
        const byBlock = groupBy(households, (household) => household.blockCode);
        return blockCodes.map((blockCode) => byBlock.get(blockCode) ?? []);
      });
      pages.set(key, loader);
    }
    return loader;
  }

  const household = loaderById<Household>((ids) => prisma.household.findMany({ where: { id: { in: ids } } }));

  /**
   * Each household's residents, head first: one statement for every household of the request, rows
   * in the Prisma model's shape. The ids are one array joined to the index, not `IN (…)` or `= ANY`:
   * with a street's 4,000 households PostgreSQL filtered the whole table instead (53 → 17 ms). Each
   * household's few residents are put in order here, not by sorting a street's 12,000 in SQL.
   */
  const residentsOf = new DataLoader<string, Resident[]>(async (householdIds) => {
    const residents = await reads.$queryRaw<Resident[]>(Prisma.sql`
      SELECT r.id, r.household_id AS "householdId", r.name, r.id_number AS "idNumber", r.birth_year AS "birthYear",
        r.is_head AS "isHead"
      FROM unnest(${[...householdIds]}::uuid[]) AS asked(id) JOIN resident r ON r.household_id = asked.id`);
    const byHousehold = groupBy(residents, (resident) => resident.householdId);
    return householdIds.map((id) => (byHousehold.get(id) ?? []).sort(headFirst));
  });

  return { placeHouseholds, householdPage, household, residentsOf };
}
