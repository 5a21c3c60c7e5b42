// Pairing (结对帮扶): a partner organisation commits to helping a household in need (one whose needs
// are listed). Proposed by the partner or by the household's community worker; accepted by that
// worker, who records the household's consent (and, separately, whether its contact details may be
// shared); ACTIVE while the partner logs check-ins; ENDED with a reason.
//
// Capacity holds on both sides: a household has a number of places (PAIRING_PLACES_PER_HOUSEHOLD,
// default 1) and a partner its declared capacity, each counting open (PROPOSED or ACTIVE) pairings.
// Every start locks the partner's row, then the household's (always in that order), then counts:
// two partners racing for a household's last place queue on the household's row, and the second
// finds it taken.
//
// Partners never see the Household record: their view is `pairedHousehold`, only what the work needs.
import { randomUUID } from "node:crypto";
import { maskPhone, salutation } from "@grassroots/access";
import { codeProblem } from "@grassroots/jurisdiction";
import {
  badUserInput,
  conflict,
  forbidden,
  idempotent,
  isUniqueViolation,
  isUuid,
  pageSize,
  parseUuid,
} from "@grassroots/platform";
import { queryFromInfo } from "@pothos/plugin-prisma";
import { z } from "zod";
import { arrangesPairingsFor, builder } from "../builder";
import type { Context } from "../context";
import type { PairingStatus as PairingStatusValue, PartnerStatus, Prisma } from "../generated/prisma/client";
import { parseInput } from "../validation";
import { connectionOf, pageArgs } from "./connection";
import { Household, NeedCategory } from "./household";
import { pairingBlocker } from "./partner";

type Transaction = Prisma.TransactionClient;

const PairingStatus = builder.enumType("PairingStatus", {
  description: "PROPOSED (waiting for the household's consent) → ACTIVE → ENDED; a proposal may also end unaccepted.",
  values: ["PROPOSED", "ACTIVE", "ENDED"] as const,
});
const PairingProposer = builder.enumType("PairingProposer", { values: ["PARTNER", "COMMUNITY_WORKER"] as const });
const PairingEndReason = builder.enumType("PairingEndReason", {
  values: {
    NEEDS_MET: { description: "The household's needs were met, or it is no longer listed." },
    HOUSEHOLD_REQUEST: {},
    PARTNER_WITHDREW: {},
    DECLINED: { description: "A proposal turned down by the household, its community worker or the partner." },
    HOUSEHOLD_MOVED: {},
    OTHER: { description: "Say why in the note." },
  } as const,
});

interface PairedView {
  blockCode: string;
  needs: string[];
  salutation: string | null;
  contactPhone: string | null;
}

/** A partner's whole view of a household it is paired with. */
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
const withBlock = { household: { select: { blockCode: true } } } as const;

const Pairing = builder.prismaObject("Pairing", {
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
      resolve: (pairing, _args, context) => pairedView(context, pairing),
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
      resolve: (pairing, _args, context) => pairingNote(context, pairing, pairing.proposalNote, pairing.proposedBy === "PARTNER"),
    }),
    proposedAt: t.expose("proposedAt", { type: "DateTime" }),
    acceptedAt: t.expose("acceptedAt", { type: "DateTime", nullable: true }),
    contactConsent: t.exposeBoolean("contactConsent", {
      description: "The household consented to sharing its contact details with the partner.",
    }),
    consentNote: t.string({
      nullable: true,
      description: "How the household's consent was given: for those who get personal data in full (not the partner).",
      resolve: (pairing, _args, context) => pairingNote(context, pairing, pairing.consentNote, false),
    }),
    endedAt: t.expose("endedAt", { type: "DateTime", nullable: true }),
    endReason: t.expose("endReason", { type: PairingEndReason, nullable: true }),
    endNote: t.string({
      nullable: true,
      description: "Why the pairing ended: for those who get personal data in full (the partner sees endReason).",
      resolve: (pairing, _args, context) => pairingNote(context, pairing, pairing.endNote, false),
    }),
  }),
});

/**
 * Free text on a pairing may name residents (analysts see no such text); the partner reads only what
 * it wrote itself.
 */
function pairingNote(
  { access }: Context,
  pairing: { partnerId: string; household: { blockCode: string } },
  note: string | null,
  writtenByPartner: boolean,
): string | null {
  if (note === null) return null;
  if (access.partnerId === pairing.partnerId) return writtenByPartner ? note : null;
  return access.personalData(pairing.household.blockCode) === "full" ? note : null;
}

type PairingForView = {
  partnerId: string;
  status: PairingStatusValue;
  acceptedAt: Date | null;
  contactConsent: boolean;
  household: {
    blockCode: string;
    needs: string[];
    contactPhone: string | null;
    residents: { name: string; idNumber: string | null }[];
  };
};

/**
 * The pairing's partner sees the salutation once the household accepted, and the phone only while
 * active with consent. Anyone else who sees the pairing serves the household: their usual view.
 */
function pairedView({ access }: Context, pairing: PairingForView): PairedView {
  const { household } = pairing;
  const head = household.residents[0];
  const addressAs = head ? salutation(head.name, head.idNumber) : "住户";
  const base = { blockCode: household.blockCode, needs: household.needs };
  if (access.partnerId === pairing.partnerId) {
    const consented = pairing.status === "ACTIVE" && pairing.contactConsent;
    return {
      ...base,
      // Only a household that accepted is introduced to the partner, even after the pairing ended.
      salutation: pairing.acceptedAt === null ? null : addressAs,
      contactPhone: consented ? household.contactPhone : null,
    };
  }
  const personal = access.personalData(household.blockCode);
  const phone = household.contactPhone;
  return {
    ...base,
    salutation: addressAs,
    contactPhone: phone === null || personal === "none" ? null : personal === "masked" ? maskPhone(phone) : phone,
  };
}

builder.asEntity(Pairing, {
  key: builder.selection<{ id: string }>("id"),
  resolveReference: ({ id }, context) => (isUuid(id) ? context.loaders.pairing.load(id.toLowerCase()) : null),
});

builder.prismaObjectField(Household, "pairings", (t) =>
  t.relation("pairings", {
    description: "The household's pairings, newest first.",
    args: { first: t.arg.int({ description: "How many of the newest (default 50, at most 100)." }) },
    query: ({ first }) => ({ orderBy: [{ proposedAt: "desc" }, { id: "asc" }], take: pageSize(first, 50) }),
  }),
);

// Row locks in a fixed order (partner, then household): no two transactions wait on each other.
interface LockedPartner {
  id: string;
  status: PartnerStatus;
  approvedUntil: Date | null;
  capacity: number;
  streetCode: string;
}
async function lockPartner(tx: Transaction, id: string): Promise<LockedPartner | undefined> {
  const [row] = await tx.$queryRaw<LockedPartner[]>`
    SELECT id, status::text AS status, approved_until AS "approvedUntil", capacity, street_code AS "streetCode"
    FROM partner_organization WHERE id = ${id}::uuid FOR UPDATE`;
  return row;
}
interface LockedHousehold {
  id: string;
  blockCode: string;
  inNeed: boolean;
}
async function lockHousehold(tx: Transaction, id: string): Promise<LockedHousehold | undefined> {
  const [row] = await tx.$queryRaw<LockedHousehold[]>`
    SELECT id, block_code AS "blockCode", cardinality(needs) > 0 AS "inNeed"
    FROM household WHERE id = ${id}::uuid FOR UPDATE`;
  return row;
}

/** Open pairings of the partner, of the household, and whether the two already have one. */
async function openPairings(tx: Transaction, partnerId: string, householdId: string) {
  const [row] = await tx.$queryRaw<{ partner: number; household: number; together: boolean }[]>`
    SELECT count(*) FILTER (WHERE partner_id = ${partnerId}::uuid)::int AS partner,
      count(*) FILTER (WHERE household_id = ${householdId}::uuid)::int AS household,
      coalesce(bool_or(partner_id = ${partnerId}::uuid AND household_id = ${householdId}::uuid), false) AS together
    FROM pairing
    WHERE status IN ('PROPOSED', 'ACTIVE') AND (partner_id = ${partnerId}::uuid OR household_id = ${householdId}::uuid)`;
  return row!;
}

function placesTaken(places: number) {
  return conflict(
    places === 1
      ? "This household is already paired (or has a proposal waiting): it has one place."
      : `This household's ${places} pairing places are taken.`,
    { field: "householdId" },
  );
}

const RequestPairingInput = builder.inputType("RequestPairingInput", {
  fields: (t) => ({
    partnerId: t.id({ description: "The partner organisation; a partner's own when it proposes (may be left out then)." }),
    householdId: t.id({ required: true, description: "A household in need, of the street the partner registered with." }),
    note: t.string({ description: "Why this pairing: what the partner can offer the household." }),
  }),
});

const PairingConsentInput = builder.inputType("PairingConsentInput", {
  description: "What the household agreed to, as its community worker recorded it.",
  fields: (t) => ({
    householdAgreed: t.boolean({
      required: true,
      description: "The household agreed to the pairing. Must be true: a household that says no ends the proposal (DECLINED).",
    }),
    contactConsent: t.boolean({
      required: true,
      description: "Separately: whether its contact details (phone) may be shared with the partner.",
    }),
    note: t.string({ description: "How consent was given (e.g. signed form at a home visit on 2026-11-02)." }),
  }),
});

const note = (max: number) => z.string().trim().max(max, `at most ${max} characters.`).nullish();

async function visiblePairing(context: Context, id: string) {
  const pairing = await context.prisma.pairing.findUnique({ where: { id: parseUuid(id) }, include: withBlock });
  const sees =
    pairing && (context.access.partnerId === pairing.partnerId || arrangesPairingsFor(context, pairing.household.blockCode));
  if (!pairing || !sees) throw forbidden();
  return pairing;
}

builder.mutationFields((t) => ({
  requestPairing: t.prismaField({
    type: "Pairing",
    nullable: true,
    description:
      "A partner proposes to pair with a household in need of its street, or the household's community worker proposes a partner for it. Capacity holds on both sides; an expired partner starts nothing.",
    args: { input: t.arg({ type: RequestPairingInput, required: true }), idempotencyKey: t.arg.string({ required: true }) },
    resolve: async (query, _root, { input, idempotencyKey }, context) => {
      const { access } = context;
      const householdId = parseUuid(String(input.householdId), "householdId");
      const asPartner = access.partnerId !== null;
      const role = access.viewer?.role;
      if (!asPartner && !(access.isAdmin || role === "community_worker" || role === "street_officer")) {
        throw forbidden("Pairings are proposed by partners and by households' community workers.");
      }
      const given = input.partnerId ? parseUuid(String(input.partnerId), "partnerId") : null;
      if (asPartner && given !== null && given !== access.partnerId)
        throw forbidden("A partner proposes pairings for itself only.");
      const partnerId = asPartner ? access.partnerId! : given;
      if (!partnerId) throw badUserInput("Name the partner organisation to pair with.", { field: "partnerId" });
      const proposalNote = parseInput(note(2000), input.note, "note") ?? null;
      const request = { actor: access.viewer!.subject, operation: "requestPairing", key: idempotencyKey, input };

      const { id } = await idempotent(context.prisma, request, async (tx) => {
        const partner = await lockPartner(tx, partnerId);
        if (!partner)
          throw asPartner ? forbidden() : badUserInput("No partner organisation has this id.", { field: "partnerId" });
        const household = await lockHousehold(tx, householdId);
        if (asPartner) {
          // One answer for absent, not in need and elsewhere: a partner learns nothing of households by probing.
          if (!household?.inNeed || !household.blockCode.startsWith(partner.streetCode)) {
            throw badUserInput("No household in need of your street has this id.", { field: "householdId" });
          }
        } else {
          if (!household || !arrangesPairingsFor(context, household.blockCode)) throw forbidden();
          if (!household.inNeed) throw badUserInput("This household is not listed as in need.", { field: "householdId" });
          if (!household.blockCode.startsWith(partner.streetCode)) {
            throw badUserInput(`This partner registered with street ${partner.streetCode} and pairs with households there.`, {
              field: "partnerId",
            });
          }
        }
        const blocker = pairingBlocker(partner);
        if (blocker) throw conflict(blocker, { field: "partnerId" });
        const open = await openPairings(tx, partnerId, householdId);
        if (open.together)
          throw conflict("This partner already has an open pairing with this household.", { field: "householdId" });
        if (open.household >= context.settings.pairingPlacesPerHousehold) {
          throw placesTaken(context.settings.pairingPlacesPerHousehold);
        }
        if (open.partner >= partner.capacity) {
          throw conflict(
            `This partner supports at most ${partner.capacity} households at once, and has that many pairings open.`,
            {
              field: "partnerId",
            },
          );
        }
        const id = randomUUID();
        try {
          await tx.pairing.create({
            data: {
              id,
              partnerId,
              householdId,
              status: "PROPOSED",
              proposedBy: asPartner ? "PARTNER" : "COMMUNITY_WORKER",
              proposedBySubject: access.viewer!.subject,
              proposalNote,
            },
          });
        } catch (error) {
          // The partial unique index backs the count above up.
          throw isUniqueViolation(error) ? conflict("This partner already has an open pairing with this household.") : error;
        }
        return id;
      });
      return context.prisma.pairing.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),

  acceptPairing: t.prismaField({
    type: "Pairing",
    nullable: true,
    description:
      "The household's community worker accepts a proposed pairing, recording the household's consent and, separately, whether its contact details may be shared. The pairing becomes ACTIVE.",
    args: { id: t.arg.id({ required: true }), consent: t.arg({ type: PairingConsentInput, required: true }) },
    resolve: async (query, _root, { id, consent }, context) => {
      const found = await visiblePairing(context, String(id));
      if (!arrangesPairingsFor(context, found.household.blockCode)) {
        throw forbidden("The household's community worker accepts a pairing, with the household's consent.");
      }
      if (!consent.householdAgreed) {
        throw badUserInput("A pairing starts only with the household's agreement; end the proposal as DECLINED instead.", {
          field: "consent.householdAgreed",
        });
      }
      const consentNote = parseInput(note(2000), consent.note, "consent.note") ?? null;
      await context.prisma.$transaction(async (tx) => {
        const partner = (await lockPartner(tx, found.partnerId))!;
        await lockHousehold(tx, found.householdId);
        const [current] = await tx.$queryRaw<{ status: PairingStatusValue }[]>`
          SELECT status::text AS status FROM pairing WHERE id = ${found.id}::uuid FOR UPDATE`;
        if (current?.status !== "PROPOSED")
          throw conflict(`Only a proposed pairing can be accepted; this one is ${current?.status}.`);
        const blocker = pairingBlocker(partner);
        if (blocker) throw conflict(blocker);
        // Proposals already hold their places; this only guards against places lowered since.
        const active = await tx.pairing.count({
          where: { householdId: found.householdId, status: "ACTIVE", id: { not: found.id } },
        });
        if (active >= context.settings.pairingPlacesPerHousehold) throw placesTaken(context.settings.pairingPlacesPerHousehold);
        await tx.pairing.update({
          where: { id: found.id },
          data: {
            status: "ACTIVE",
            acceptedAt: new Date(),
            acceptedBySubject: context.access.viewer!.subject,
            contactConsent: consent.contactConsent,
            consentNote,
          },
        });
      });
      return context.prisma.pairing.findUniqueOrThrow({ ...query, where: { id: found.id } });
    },
  }),

  updatePairingConsent: t.prismaField({
    type: "Pairing",
    nullable: true,
    description:
      "The household's community worker records that the household gave or withdrew consent to share its contact details.",
    args: { id: t.arg.id({ required: true }), contactConsent: t.arg.boolean({ required: true }), note: t.arg.string() },
    resolve: async (query, _root, args, context) => {
      const found = await visiblePairing(context, String(args.id));
      if (!arrangesPairingsFor(context, found.household.blockCode)) {
        throw forbidden("The household's community worker records its consent.");
      }
      const consentNote = parseInput(note(2000), args.note, "note") ?? found.consentNote;
      const { count } = await context.prisma.pairing.updateMany({
        where: { id: found.id, status: "ACTIVE" },
        data: { contactConsent: args.contactConsent, consentNote },
      });
      if (count === 0) throw conflict("Consent is recorded on an active pairing.");
      return context.prisma.pairing.findUniqueOrThrow({ ...query, where: { id: found.id } });
    },
  }),

  endPairing: t.prismaField({
    type: "Pairing",
    nullable: true,
    description:
      "Ends an active pairing, or turns down a proposal, with a reason: by the partner, or by the household's community worker.",
    args: { id: t.arg.id({ required: true }), reason: t.arg({ type: PairingEndReason, required: true }), note: t.arg.string() },
    resolve: async (query, _root, args, context) => {
      const found = await visiblePairing(context, String(args.id));
      const endNote = parseInput(note(2000), args.note, "note") ?? null;
      if (args.reason === "OTHER" && !endNote) throw badUserInput("Say why the pairing ends.", { field: "note" });
      const { count } = await context.prisma.pairing.updateMany({
        where: { id: found.id, status: { in: ["PROPOSED", "ACTIVE"] } },
        data: {
          status: "ENDED",
          endedAt: new Date(),
          endedBySubject: context.access.viewer!.subject,
          endReason: args.reason,
          endNote,
        },
      });
      if (count === 0) throw conflict("This pairing has already ended.");
      return context.prisma.pairing.findUniqueOrThrow({ ...query, where: { id: found.id } });
    },
  }),
}));

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
    resolve: async (_root, args, context, info) => {
      const place = String(args.place);
      const problem = codeProblem(place);
      if (problem) throw badUserInput(problem, { field: "place" });
      const { first, afterId } = pageArgs(args);
      const rows = await context.prisma.pairing.findMany({
        ...queryFromInfo({ context, info, path: ["edges", "node"], include: withBlock }),
        where: {
          household: { blockCode: { startsWith: place } },
          ...(args.status ? { status: args.status } : {}),
          ...(afterId ? { id: { gt: afterId } } : {}),
        },
        orderBy: { id: "asc" },
        take: first + 1,
      });
      return connectionOf(rows, first, afterId);
    },
  }),
}));

export { Pairing };
