// Pairings by id (with their household's block, for the privacy decisions) and coverage per place as
// of a day (today's comes with a place's households: household/loaders.ts, placeHouseholds).
import { type RawQueries, rollUpToPlaces, yearAndMonthStarts } from "@grassroots/jurisdiction/roll-up";
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
   * Coverage at the end of a day (YYYY-MM-DD, Asia/Shanghai): of the households in need now (needs
   * keep no history), those with a pairing accepted on or before that day and not ended on or
   * before it. Read from the pairing spells' changes the triggers keep (migrations 0007, 0010): whole
   * years before the day's year, that year's months before the day's month, that month's days up to
   * the day. Cost: blocks × (years of history + 11 months + 31 days), never the pairings; one
   * statement for all places.
   */
  const coverageAsOf = new Map<string, DataLoader<string, Coverage>>();
  const pairingCoverageAsOf = (day: string) => {
    let loader = coverageAsOf.get(day);
    if (!loader) {
      const { year, month } = yearAndMonthStarts(day);
      loader = new DataLoader<string, Coverage>((codes) =>
        rollUpToPlaces(
          reads,
          codes,
          ["householdsInNeed", "pairedHouseholds"],
          ({ from, to }) => Prisma.sql`
            SELECT block_code, in_need AS "householdsInNeed", 0 AS "pairedHouseholds" FROM block_households
            WHERE block_code BETWEEN ${from} AND ${to}
            UNION ALL
            SELECT block_code, 0, change FROM pairing_spell_year
            WHERE block_code BETWEEN ${from} AND ${to} AND year < ${year}::date
            UNION ALL
            SELECT block_code, 0, change FROM pairing_spell_month
            WHERE block_code BETWEEN ${from} AND ${to} AND month >= ${year}::date AND month < ${month}::date
            UNION ALL
            SELECT block_code, 0, change FROM pairing_spell_day
            WHERE day >= ${month}::date AND day <= ${day}::date AND block_code BETWEEN ${from} AND ${to}`,
        ),
      );
      coverageAsOf.set(day, loader);
    }
    return loader;
  };

  return { pairing, pairingCoverageAsOf };
}
