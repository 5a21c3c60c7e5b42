// Members of partner organisations register the block they live in: the second half of 双报到
// (the organisation registers with its street, its members where they live). Places count them.

import { placeFigure } from "@grassroots/access";
import { pageSize } from "@grassroots/platform";
import { builder } from "../builder";
import { Block, Community, District, Street } from "../external";
import { PartnerOrganization } from "../partner/partner";

// Reached only through its organisation's `members` (checked there) or the registration that made it.
builder.prismaObject("PartnerMember", {
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name", {
      description: "Personal data of the member: for their organisation and its vetting officers.",
    }),
    homeBlockCode: t.exposeID("homeBlockCode", {
      description: "The 15-digit code of the block the member lives in: the organisation's own record.",
    }),
    homeBlock: t.field({
      type: Block,
      nullable: true,
      description:
        "The block itself, for those who read places (the blocks subgraph decides): null and FORBIDDEN for others, the rest of the member intact.",
      resolve: (member) => ({ code: member.homeBlockCode }),
    }),
    registeredAt: t.expose("registeredAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectFields(PartnerOrganization, (t) => ({
  memberCount: t.int({
    description: "Members registered where they live (one grouped statement for all partners asked).",
    resolve: (partner, _args, context) => context.loaders.memberCount.load(partner.id),
  }),
  members: t.relation("members", {
    nullable: true,
    description: "Its members and their home blocks: for the organisation itself and its vetting officers.",
    authScopes: (partner) => ({ $any: { ownPartner: partner.id, vetPartners: partner.streetCode } }),
    args: { first: t.arg.int({ description: "How many, earliest first (default 100, at most 100); memberCount has them all." }) },
    query: ({ first }) => ({ orderBy: [{ registeredAt: "asc" }, { id: "asc" }], take: pageSize(first, 100) }),
  }),
}));

for (const place of [District, Street, Community, Block]) {
  builder.objectField(place, "partnerMemberCount", (t) =>
    t.int({
      description:
        "Members of partner organisations registered as living under this place (双报到; one GROUP BY for all places asked).",
      resolve: (parent, _args, context) =>
        placeFigure(context, parent.code, () => context.loaders.partnerMemberCount.load(parent.code)),
    }),
  );
}
