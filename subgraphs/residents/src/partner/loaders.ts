// Partner organisations by id, and their open pairings grouped in one statement for all asked.
import { loaderById } from "@grassroots/platform";
import DataLoader from "dataloader";
import type { PartnerOrganization } from "../generated/prisma/client";
import type { ResidentsPrisma } from "../prisma";

export function partnerLoaders(prisma: ResidentsPrisma) {
  const partner = loaderById<PartnerOrganization>((ids) => prisma.partnerOrganization.findMany({ where: { id: { in: ids } } }));

  /** Open (proposed or active) pairings per partner organisation. */
  const openPairingCount = new DataLoader<string, number>(async (partnerIds) => {
    const groups = await prisma.pairing.groupBy({
      by: ["partnerId"],
      where: { partnerId: { in: [...partnerIds] }, status: { in: ["PROPOSED", "ACTIVE"] } },
      _count: { _all: true },
    });
    const counts = new Map(groups.map((group) => [group.partnerId, group._count._all]));
    return partnerIds.map((id) => counts.get(id) ?? 0);
  });

  return { partner, openPairingCount };
}
