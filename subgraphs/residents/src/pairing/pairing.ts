// Pairing (结对帮扶): a partner organisation commits to helping a household in need (one whose needs
// are listed). Proposed by the partner or by the household's community worker; accepted by that
// worker, who records the household's consent (and, separately, whether its contact details may be
// shared); ACTIVE while the partner logs check-ins; ENDED with a reason.
//
// Partners never see the Household record: their view is `pairedHousehold`, only what the work needs.
import { codeProblem } from "@grassroots/jurisdiction";
import { absentAsForbidden, badUserInput, forbidden, isUuid, pageSize, parseUuid } from "@grassroots/platform";
import { queryFromInfo } from "@pothos/plugin-prisma";
import { builder } from "../builder";
import { Household, NeedCategory } from "../household/household";
import { connectionById } from "../input";
import { type PairedView, pairedView, pairingNote } from "./access";

export const PairingStatus = builder.enumType("PairingStatus", {
  description: "PROPOSED (waiting for the household's consent) → ACTIVE → ENDED; a proposal may also end unaccepted.",
  values: ["PROPOSED", "ACTIVE", "ENDED"] as const,
});
const PairingProposer = builder.enumType("PairingProposer", { values: ["PARTNER", "COMMUNITY_WORKER"] as const });
export const PairingEndReason = builder.enumType("PairingEndReason", {
  values: {
    NEEDS_MET: { description: "The household's needs were met, or it is no longer listed." },
    HOUSEHOLD_REQUEST: {},
    PARTNER_WITHDREW: {},
    DECLINED: { description: "A proposal turned down by the household, its community worker or the partner." },
    HOUSEHOLD_MOVED: {},
    OTHER: { description: "Say why in the note." },
  } as const,
});

const PairedHousehold = builder.objectRef<PairedView>("PairedHousehold").implement({
  description:
    "What a partner sees of a household it is paired with, and all it sees: where, which needs, how to address it, and a phone only with consent.",
  fields: (t) => ({
    blockCode: t.exposeID("blockCode", { description: "The 15-digit code of the household's block." }),
    needs: t.field({ type: [NeedCategory], resolve: (view) => view.needs as never }),
    salutation: t.exposeString("salutation", {
      nullable: true,
      description:
        "How to address the household (王女士, 陈先生): the partner sees it once the household has accepted the pairing.",
    }),
    contactPhone: t.exposeString("contactPhone", {
      nullable: true,
      description: "For the partner only while the pairing is ACTIVE and the household consented to sharing its contact details.",
    }),
  }),
});

// What a pairing's privacy decisions read: its household's block, always loaded with it.
export const withBlock = { household: { select: { blockCode: true } } } as const;

export const Pairing = builder.prismaObject("Pairing", {
  description: "A partner organisation paired with a household in need (结对帮扶).",
  include: withBlock,
  authScopes: (pairing) => ({ seePairing: { partnerId: pairing.partnerId, blockCode: pairing.household.blockCode } }),
  fields: (t) => ({
    id: t.exposeID("id"),
    status: t.expose("status", { type: PairingStatus }),
    partner: t.relation("partner"),
    pairedHousehold: t.field({
      type: PairedHousehold,
      select: {
        household: {
          select: {
            blockCode: true,
            needs: true,
            contactPhone: true,
            residents: { where: { isHead: true }, orderBy: { id: "asc" }, take: 1, select: { name: true, idNumber: true } },
          },
        },
      },
      resolve: (pairing, _args, context) => pairedView(context.access, pairing),
    }),
    household: t.relation("household", {
      nullable: true,
      description:
        "The household record: for those who serve its block. Partners get null and FORBIDDEN; theirs is pairedHousehold.",
    }),
    proposedBy: t.expose("proposedBy", { type: PairingProposer }),
    proposalNote: t.string({
      nullable: true,
      description:
        "Why the pairing was proposed. May name residents: for those who get personal data in full; the partner sees its own note only.",
      resolve: (pairing, _args, context) =>
        pairingNote(context.access, pairing, pairing.proposalNote, pairing.proposedBy === "PARTNER"),
    }),
    proposedAt: t.expose("proposedAt", { type: "DateTime" }),
    acceptedAt: t.expose("acceptedAt", { type: "DateTime", nullable: true }),
    contactConsent: t.exposeBoolean("contactConsent", {
      description: "The household consented to sharing its contact details with the partner.",
    }),
    consentNote: t.string({
      nullable: true,
      description: "How the household's consent was given: for those who get personal data in full (not the partner).",
      resolve: (pairing, _args, context) => pairingNote(context.access, pairing, pairing.consentNote, false),
    }),
    endedAt: t.expose("endedAt", { type: "DateTime", nullable: true }),
    endReason: t.expose("endReason", { type: PairingEndReason, nullable: true }),
    endNote: t.string({
      nullable: true,
      description: "Why the pairing ended: for those who get personal data in full (the partner sees endReason).",
      resolve: (pairing, _args, context) => pairingNote(context.access, pairing, pairing.endNote, false),
    }),
  }),
});

builder.asEntity(Pairing, {
  key: builder.selection<{ id: string }>("id"),
  // Absent answers like hidden (null and FORBIDDEN): a reference tells no one what exists.
  resolveReference: async ({ id }, context) =>
    absentAsForbidden(isUuid(id) ? await context.loaders.pairing.load(id.toLowerCase()) : null, context.access.isAdmin),
});

builder.prismaObjectField(Household, "pairings", (t) =>
  t.relation("pairings", {
    description: "The household's pairings, newest first.",
    args: { first: t.arg.int({ description: "How many of the newest (default 50, at most 100)." }) },
    query: ({ first }) => ({ orderBy: [{ proposedAt: "desc" }, { id: "asc" }], take: pageSize(first, 50) }),
  }),
);

builder.queryFields((t) => ({
  myPairings: t.prismaField({
    type: ["Pairing"],
    nullable: true,
    description:
      "For a partner organisation's account: its pairings, newest first, each with only what the work needs of the household.",
    args: {
      status: t.arg({ type: PairingStatus }),
      first: t.arg.int({ description: "How many of the newest (default 100, at most 100)." }),
    },
    authScopes: { partner: true },
    resolve: (query, _root, { status, first }, context) =>
      context.prisma.pairing.findMany({
        ...query,
        where: { partnerId: context.access.partnerId!, ...(status ? { status } : {}) },
        orderBy: [{ proposedAt: "desc" }, { id: "asc" }],
        take: pageSize(first, 100),
      }),
  }),

  pairing: t.prismaField({
    type: "Pairing",
    nullable: true,
    description:
      "A pairing you may see: your organisation's, or one in a block you serve. Absent and hidden: null and FORBIDDEN.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, { id }, context) => {
      const pairing = await context.prisma.pairing.findUnique({ ...query, where: { id: parseUuid(String(id)) } });
      if (!pairing && !context.access.isAdmin) throw forbidden();
      return pairing;
    },
  }),

  pairings: t.connection({
    type: Pairing,
    nullable: true,
    description:
      "Pairings of households under a place you serve (e.g. proposals waiting for consent), in a stable order; pages of at most 100.",
    args: { place: t.arg.id({ required: true }), status: t.arg({ type: PairingStatus }) },
    // Serving a place means serving every block under it.
    authScopes: (_root, { place }) => ({ servesBlock: String(place) }),
    resolve: (_root, args, context, info) => {
      const place = String(args.place);
      const problem = codeProblem(place);
      if (problem) throw badUserInput(problem, { field: "place" });
      return connectionById(args, ({ after, before, limit, inverted }) =>
        context.prisma.pairing.findMany({
          ...queryFromInfo({ context, info, path: ["edges", "node"], include: withBlock }),
          where: {
            household: { blockCode: { startsWith: place } },
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
