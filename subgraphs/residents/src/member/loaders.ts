// Members counted per partner organisation and per place, one statement for all asked.
import { type RawQueries, rollUpToPlaces } from "@grassroots/jurisdiction/roll-up";
import DataLoader from "dataloader";
import { Prisma } from "../generated/prisma/client";
import type { ResidentsPrisma } from "../prisma";

/** `reads` answers the place roll-ups: the request's raw reads (RequestInfo.reads), or the client. */
export function memberLoaders(prisma: ResidentsPrisma, reads: RawQueries = prisma) {
  const memberCount = new DataLoader<string, number>(async (partnerIds) => {
    const groups = await prisma.partnerMember.groupBy({
      by: ["partnerId"],
      where: { partnerId: { in: [...partnerIds] } },
      _count: { _all: true },
    });
    const counts = new Map(groups.map((group) => [group.partnerId, group._count._all]));
    return partnerIds.map((id) => counts.get(id) ?? 0);
  });

  /** Members of partner organisations living under each place (any level). */
  const partnerMemberCount = new DataLoader<string, number>(async (codes) => {
    const counts = await rollUpToPlaces(
      reads,
      codes,
      ["members"],
      ({ from, to }) => Prisma.sql`
        SELECT home_block_code AS block_code, count(*) AS members FROM partner_member
        WHERE home_block_code BETWEEN ${from} AND ${to}
        GROUP BY home_block_code`,
    );
    return counts.map(({ members }) => members);
  });

  return { memberCount, partnerMemberCount };
}
