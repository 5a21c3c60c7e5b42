// Proposing, accepting, recording consent and ending pairings: parse, authorise, then the rules.
import { badUserInput, forbidden, idempotent, parseUuid } from "@grassroots/platform";
import { z } from "zod";
import { builder } from "../builder";
import type { Context } from "../context";
import { parseInput } from "../input";
import { arrangesPairingsFor } from "./access";
import { openOpportunity } from "./opportunity-id";
import { PairingEndReason, withBlock } from "./pairing";
import { accept, end, propose, recordConsent, unavailableToPartner } from "./rules";

const RequestPairingInput = builder.inputType("RequestPairingInput", {
  fields: (t) => ({
    partnerId: t.id({ description: "The partner organisation; a partner's own when it proposes (may be left out then)." }),
    householdId: t.id({
      description: "A household in need, of the street the partner registered with (or, for a partner, an opportunityId).",
    }),
    opportunityId: t.id({
      description: "For a partner: one of its pairingOpportunities, instead of a household id it never sees.",
    }),
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

/** The pairing, if the viewer is its partner or arranges its household's pairings; absent looks the same. */
async function visiblePairing(context: Context, id: string) {
  const pairing = await context.prisma.pairing.findUnique({ where: { id: parseUuid(id) }, include: withBlock });
  const sees =
    pairing && (context.access.partnerId === pairing.partnerId || arrangesPairingsFor(context, pairing.household.blockCode));
  if (!pairing || !sees) throw forbidden();
  return pairing;
}

/**
 * The household of the caller's opportunity; an id that is not one answers as a household that is
 * not open for pairing (the partner learns nothing by probing).
 */
async function householdOfOpportunity(context: Context, opportunityId: string): Promise<string> {
  const householdId = await openOpportunity(context.prisma, context.access.partnerId!, opportunityId);
  if (!householdId) throw unavailableToPartner("opportunityId");
  return householdId;
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
      const byPartner = access.partnerId !== null;
      if ((input.householdId == null) === (input.opportunityId == null)) {
        throw badUserInput("Name the household by householdId or, for a partner, by opportunityId.", { field: "householdId" });
      }
      if (input.opportunityId != null && !byPartner) {
        throw forbidden("Opportunities are a partner's: community workers name the household.");
      }
      const householdId =
        input.householdId != null
          ? parseUuid(String(input.householdId), "householdId")
          : await householdOfOpportunity(context, String(input.opportunityId));
      const role = access.viewer?.role;
      if (!byPartner && !(access.isAdmin || role === "community_worker" || role === "street_officer")) {
        throw forbidden("Pairings are proposed by partners and by households' community workers.");
      }
      const given = input.partnerId ? parseUuid(String(input.partnerId), "partnerId") : null;
      if (byPartner && given !== null && given !== access.partnerId)
        throw forbidden("A partner proposes pairings for itself only.");
      const partnerId = byPartner ? access.partnerId! : given;
      if (!partnerId) throw badUserInput("Name the partner organisation to pair with.", { field: "partnerId" });
      const proposalNote = parseInput(note(2000), input.note, "note") ?? null;
      const subject = access.viewer!.subject;
      const request = { actor: subject, operation: "requestPairing", key: idempotencyKey, input };
      const { id } = await idempotent(context.prisma, request, (tx) =>
        propose(
          tx,
          {
            partnerId,
            householdId,
            byPartner,
            subject,
            note: proposalNote,
            householdField: input.opportunityId != null ? "opportunityId" : "householdId",
          },
          {
            places: context.settings.pairingPlacesPerHousehold,
            arranges: (blockCode) => arrangesPairingsFor(context, blockCode),
            readsPartnersOf: (streetCode) => access.canReadPlace(streetCode),
          },
        ),
      );
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
      await accept(
        context.prisma,
        found,
        { subject: context.access.viewer!.subject, contactConsent: consent.contactConsent, consentNote },
        context.settings.pairingPlacesPerHousehold,
      );
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
      await recordConsent(context.prisma, found.id, { contactConsent: args.contactConsent, consentNote });
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
      await end(context.prisma, found.id, { subject: context.access.viewer!.subject, reason: args.reason, note: endNote });
      return context.prisma.pairing.findUniqueOrThrow({ ...query, where: { id: found.id } });
    },
  }),
}));
