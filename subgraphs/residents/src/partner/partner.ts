// Partner organisations (双报到): companies, agencies, schools and social organisations based in the
// area register with a street office (a signed-in person, who becomes the first administrator), and
// that street's officers vet them: approved until a date, or rejected. Only an approved partner
// whose approval has not expired starts new pairings.
import { codeProblem } from "@grassroots/jurisdiction";
import { absentAsForbidden, badUserInput, forbidden, isUuid, parseUuid } from "@grassroots/platform";
import { PARTNER_KINDS } from "@grassroots/vocabulary";
import { queryFromInfo } from "@pothos/plugin-prisma";
import { builder } from "../builder";
import { Street } from "../external";
import { NeedCategory } from "../household/household";
import { connectionById } from "../input";
import { canStartPairings } from "./rules";

export const PartnerKind = builder.enumType("PartnerKind", { values: PARTNER_KINDS });
export const PartnerStatus = builder.enumType("PartnerStatus", {
  description: "PENDING until the street office vets the registration, then APPROVED (until a date) or REJECTED.",
  values: ["PENDING", "APPROVED", "REJECTED"] as const,
});

export const PartnerOrganization = builder.prismaObject("PartnerOrganization", {
  description: "A partner organisation (双报到), as its own account and the offices of its street see it.",
  authScopes: (partner) => ({ $any: { ownPartner: partner.id, readPlace: partner.streetCode } }),
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    kind: t.expose("kind", { type: PartnerKind }),
    creditCode: t.exposeString("creditCode"),
    contactPerson: t.exposeString("contactPerson"),
    contactPhone: t.exposeString("contactPhone"),
    street: t.field({
      type: Street,
      description: "The street office it registered with; it pairs with households of that street.",
      resolve: (partner) => ({ code: partner.streetCode }),
    }),
    services: t.expose("services", { type: [NeedCategory], description: "The needs it offers help with." }),
    capacity: t.exposeInt("capacity", {
      description: "How many households it can support at once: open (proposed or active) pairings never exceed it.",
    }),
    status: t.expose("status", { type: PartnerStatus }),
    vettingNotes: t.string({
      nullable: true,
      description: "The street office's notes on its decision: for the organisation itself and its vetting officers.",
      authScopes: (partner) => ({ $any: { ownPartner: partner.id, vetPartners: partner.streetCode } }),
      resolve: (partner) => partner.vettingNotes,
    }),
    vettedAt: t.expose("vettedAt", { type: "DateTime", nullable: true }),
    approvedUntil: t.expose("approvedUntil", { type: "DateTime", nullable: true }),
    canStartPairings: t.boolean({
      description: "APPROVED and the approval has not expired: an expired partner keeps its pairings but starts no new ones.",
      resolve: (partner) => canStartPairings(partner),
    }),
    registeredAt: t.expose("registeredAt", { type: "DateTime" }),
    openPairingCount: t.int({
      description: "Proposed and active pairings (one grouped statement for all partners asked).",
      resolve: (partner, _args, context) => context.loaders.openPairingCount.load(partner.id),
    }),
  }),
});

builder.asEntity(PartnerOrganization, {
  key: builder.selection<{ id: string }>("id"),
  // Absent answers like hidden (null and FORBIDDEN): a reference tells no one what exists.
  resolveReference: async ({ id }, context) =>
    absentAsForbidden(isUuid(id) ? await context.loaders.partner.load(id.toLowerCase()) : null, context.access.isAdmin),
});

builder.queryFields((t) => ({
  partner: t.prismaField({
    type: "PartnerOrganization",
    nullable: true,
    description:
      "A partner organisation: your own, or one registered with a street you work in. Absent and hidden: null and FORBIDDEN.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, { id }, context) => {
      const partner = await context.prisma.partnerOrganization.findUnique({ ...query, where: { id: parseUuid(String(id)) } });
      if (!partner && !context.access.isAdmin) throw forbidden();
      return partner;
    },
  }),

  partners: t.connection({
    type: PartnerOrganization,
    nullable: true,
    description:
      "Partner organisations registered with a street, in a stable order; pages of at most 100. PENDING ones wait to be vetted.",
    args: {
      street: t.arg.id({ required: true }),
      status: t.arg({ type: PartnerStatus }),
    },
    authScopes: (_root, { street }) => ({ readPlace: String(street) }),
    resolve: (_root, args, context, info) => {
      const street = String(args.street);
      const problem = codeProblem(street, "STREET");
      if (problem) throw badUserInput(problem, { field: "street" });
      return connectionById(args, ({ after, before, limit, inverted }) =>
        context.prisma.partnerOrganization.findMany({
          ...queryFromInfo({ context, info, path: ["edges", "node"] }),
          where: {
            streetCode: street,
            ...(args.status ? { status: args.status } : {}),
            id: { ...(after ? { gt: after } : {}), ...(before ? { lt: before } : {}) },
          },
          orderBy: { id: inverted ? "desc" : "asc" },
          take: limit,
        }),
      );
    },
  }),
}));
