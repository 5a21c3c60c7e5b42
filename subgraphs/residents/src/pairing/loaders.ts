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

  /**
   * Per block, households in need (needs not empty) and those of them with an active pairing, from
   * the roll-up the triggers keep (household/roll-ups.ts); summed up to each place.
   */
  const pairingCoverage = new DataLoader<string, Coverage>((codes) =>
    rollUpToPlaces(
      prisma,
      codes,
      ["householdsInNeed", "pairedHouseholds"],
      ({ from, to }) => Prisma.sql`
        SELECT block_code, in_need AS "householdsInNeed", paired AS "pairedHouseholds"
        FROM block_households
        WHERE block_code BETWEEN ${from} AND ${to}`,
    ),
  );

  return { pairing, pairingCoverage };
}
