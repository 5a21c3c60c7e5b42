// Pairings by id (with their household's block, for the privacy decisions) and coverage per place.
import { type RawQueries, rollUpToPlaces } from "@grassroots/jurisdiction/roll-up";
import { loaderById } from "@grassroots/platform";
import DataLoader from "dataloader";
import type { Pairing } from "../generated/prisma/client";
import { Prisma } from "../generated/prisma/client";
import type { ResidentsPrisma } from "../prisma";
import type { Coverage } from "./coverage";

/** A pairing with what deciding who may see it needs: its household's block. */
export type PairingWithBlock = Pairing & { household: { blockCode: string } };

/** `reads` answers the place roll-ups: the request's raw reads (RequestInfo.reads), or the client. */
export function pairingLoaders(prisma: ResidentsPrisma, reads: RawQueries = prisma) {
  const pairing = loaderById<PairingWithBlock>((ids) =>
    prisma.pairing.findMany({ where: { id: { in: ids } }, include: { household: { select: { blockCode: true } } } }),
  );

  /**
   * Per block, households in need (needs not empty) and those of them with an active pairing, from
   * the roll-up the triggers keep (household/roll-ups.ts); summed up to each place.
   */
  const pairingCoverage = new DataLoader<string, Coverage>((codes) =>
    rollUpToPlaces(
      reads,
      codes,
      ["householdsInNeed", "pairedHouseholds"],
      ({ from, to }) => Prisma.sql`
        SELECT block_code, in_need AS "householdsInNeed", paired AS "pairedHouseholds"
        FROM block_households
        WHERE block_code BETWEEN ${from} AND ${to}`,
    ),
  );

  /**
   * Coverage at the end of a day (YYYY-MM-DD, Asia/Shanghai): of the households in need now (needs
   * keep no history), those with a pairing accepted on or before that day and not ended on or
   * before it. Read from the pairings accepted, joined to their households by key: a scan of the
   * pairing table (a few per household in need), not of households; one statement for all places.
   */
  const coverageAsOf = new Map<string, DataLoader<string, Coverage>>();
  const pairingCoverageAsOf = (day: string) => {
    let loader = coverageAsOf.get(day);
    if (!loader) {
      loader = new DataLoader<string, Coverage>((codes) =>
        rollUpToPlaces(
          reads,
          codes,
          ["householdsInNeed", "pairedHouseholds"],
          ({ from, to }) => Prisma.sql`
            SELECT block_code, sum(in_need) AS "householdsInNeed", sum(paired) AS "pairedHouseholds" FROM (
              SELECT block_code, in_need, 0 AS paired FROM block_households WHERE block_code BETWEEN ${from} AND ${to}
              UNION ALL
              SELECT h.block_code, 0, count(DISTINCT h.id) FROM pairing p JOIN household h ON h.id = p.household_id
              WHERE p.accepted_at IS NOT NULL AND (p.accepted_at AT TIME ZONE 'Asia/Shanghai')::date <= ${day}::date
                AND (p.ended_at IS NULL OR (p.ended_at AT TIME ZONE 'Asia/Shanghai')::date > ${day}::date)
                AND cardinality(h.needs) > 0 AND h.block_code BETWEEN ${from} AND ${to}
              GROUP BY h.block_code
            ) AS figures
            GROUP BY block_code`,
        ),
      );
      coverageAsOf.set(day, loader);
    }
    return loader;
  };

  return { pairing, pairingCoverage, pairingCoverageAsOf };
}
