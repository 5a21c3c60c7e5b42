// Pairings by id (with their household's block, for the privacy decisions) and coverage per place.
import { rollUpToPlaces } from "@grassroots/jurisdiction/roll-up";
import { loaderById } from "@grassroots/platform";
import DataLoader from "dataloader";
import type { Pairing } from "../generated/prisma/client";
import { Prisma } from "../generated/prisma/client";
import type { ResidentsPrisma } from "../prisma";
import type { Coverage } from "./coverage";

/** A pairing with what deciding who may see it needs: its household's block. */
export type PairingWithBlock = Pairing & { household: { blockCode: string } };

export function pairingLoaders(prisma: ResidentsPrisma) {
  const pairing = loaderById<PairingWithBlock>((ids) =>
    prisma.pairing.findMany({ where: { id: { in: ids } }, include: { household: { select: { blockCode: true } } } }),
  );

  /** Per block, households in need (needs not empty) and those of them with an active pairing; rolled up. */
  const pairingCoverage = new DataLoader<string, Coverage>((codes) =>
    rollUpToPlaces(
      prisma,
      codes,
      ["householdsInNeed", "pairedHouseholds"],
      ({ from, to }) => Prisma.sql`
        SELECT household.block_code,
          count(*) AS "householdsInNeed",
          count(*) FILTER (WHERE EXISTS (
            SELECT 1 FROM pairing WHERE pairing.household_id = household.id AND pairing.status = 'ACTIVE'
          )) AS "pairedHouseholds"
        FROM household
        WHERE household.block_code BETWEEN ${from} AND ${to} AND cardinality(household.needs) > 0
        GROUP BY household.block_code`,
    ),
  );

  return { pairing, pairingCoverage };
}
