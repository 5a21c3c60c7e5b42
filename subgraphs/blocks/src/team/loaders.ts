import type { RawQueries } from "@grassroots/jurisdiction/roll-up";
import { loaderOfGroups } from "@grassroots/platform";
import { Prisma } from "../generated/prisma/client";

export function createTeamLoaders(reads: RawQueries) {
  return {
    /**
     * Each block's team, cadre and liaison first (the role enum's order, not its text's): the teams of many blocks
     * in one statement, raw SQL in the rows' Prisma shape (see createPlaceLoaders).
     */
    teamOf: loaderOfGroups(
      (blockCodes: string[]) =>
        reads.$queryRaw<Prisma.TeamMemberGetPayload<object>[]>(Prisma.sql`
          SELECT id::text, block_code AS "blockCode", name, role::text AS role, work_phone AS "workPhone"
          FROM team_member WHERE block_code IN (${Prisma.join(blockCodes)})
          ORDER BY team_member.role, team_member.name, team_member.id`) as Promise<Prisma.TeamMemberGetPayload<object>[]>,
      (member) => member.blockCode,
    ),
  };
}
