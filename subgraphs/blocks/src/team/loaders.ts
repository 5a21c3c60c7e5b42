import { loaderOfGroups } from "@grassroots/platform";
import type { BlocksPrisma } from "../prisma";

export function createTeamLoaders(prisma: BlocksPrisma) {
  return {
    /** Each block's team, cadre and liaison first: the teams of many blocks in one statement. */
    teamOf: loaderOfGroups(
      (blockCodes: string[]) =>
        prisma.teamMember.findMany({
          where: { blockCode: { in: blockCodes } },
          orderBy: [{ role: "asc" }, { name: "asc" }, { id: "asc" }],
        }),
      (member) => member.blockCode,
    ),
  };
}
