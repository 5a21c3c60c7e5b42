// Block service teams (块区服务团队): about ten fixed people per block, each with a role.
import { TEAM_ROLES } from "@grassroots/vocabulary";
import { builder } from "../builder";
import { readTeamMember } from "./access";

const TeamRole = builder.enumType("TeamRole", { values: TEAM_ROLES });

export const TeamMember = builder.prismaObject("TeamMember", {
  description: "A fixed member of a block's service team, named on its public commitment board (亮牌承诺).",
  authScopes: readTeamMember,
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    role: t.expose("role", { type: TeamRole }),
    workPhone: t.exposeString("workPhone"),
    block: t.relation("block"),
  }),
});
