// Registration (public, no account) and vetting by the officers of the partner's street.
import { randomUUID } from "node:crypto";
import { badUserInput, conflict, forbidden, idempotent, isUniqueViolation, parseUuid } from "@grassroots/platform";
import { builder } from "../builder";
import type { Context } from "../context";
import { Street } from "../external";
import type { PartnerOrganization as PartnerRow } from "../generated/prisma/client";
import { NeedCategory } from "../household/household";
import { parseInput } from "../input";
import { vetsPartnersOf } from "./access";
import { PartnerKind, PartnerStatus } from "./partner";
import { alreadyRegistered, isKnownPlace, Registration, Vetting } from "./rules";

/** What a registrant gets back: the id to give the street office, and where it stands. */
const PartnerRegistration = builder.objectRef<PartnerRow>("PartnerRegistration").implement({
  description: "The receipt of a registration: a retry with the same idempotency key and input returns the same one.",
  fields: (t) => ({
    partnerId: t.exposeID("id"),
    status: t.expose("status", { type: PartnerStatus }),
    street: t.field({ type: Street, resolve: (partner) => ({ code: partner.streetCode }) }),
    registeredAt: t.expose("registeredAt", { type: "DateTime" }),
  }),
});

const RegisterPartnerInput = builder.inputType("RegisterPartnerInput", {
  fields: (t) => ({
    name: t.string({ required: true, description: "The organisation's registered name." }),
    kind: t.field({ type: PartnerKind, required: true }),
    creditCode: t.string({
      required: true,
      description: "统一社会信用代码: 18 characters; the last is a check character (GB 32100-2015).",
    }),
    contactPerson: t.string({ required: true }),
    contactPhone: t.string({ required: true, description: "A mobile number (11 digits) or a landline with its area code." }),
    streetCode: t.id({ required: true, description: "The 9-digit code of the street office it registers with." }),
    services: t.field({ type: [NeedCategory], required: true, description: "The needs it offers help with (at least one)." }),
    capacity: t.int({ required: true, description: "How many households it can support at once (1–1000)." }),
  }),
});

/** The partner, if the viewer vets partners of its street; absent and not theirs look the same. */
async function partnerToVet(context: Context, id: string) {
  const partner = await context.prisma.partnerOrganization.findUnique({ where: { id: parseUuid(id) } });
  if (!partner || !vetsPartnersOf(context, partner.streetCode)) {
    throw forbidden("Only an officer of the street a partner registered with vets it.");
  }
  return partner;
}

builder.mutationFields((t) => ({
  registerPartner: t.field({
    type: PartnerRegistration,
    description:
      "Public: an organisation registers with a street office (no account needed). It waits, PENDING, for that street's officers to vet it.",
    // The one field anyone may call: Mutation's authenticated-only rule is skipped here.
    skipTypeScopes: true,
    args: {
      input: t.arg({ type: RegisterPartnerInput, required: true }),
      idempotencyKey: t.arg.string({ required: true, description: "Made on the device; a retry sends the same one." }),
    },
    resolve: async (_root, { input, idempotencyKey }, context) => {
      const registration = parseInput(Registration, input);
      if (!(await isKnownPlace(context, registration.streetCode))) {
        throw badUserInput(`No street with code ${registration.streetCode} is served in this district.`, { field: "streetCode" });
      }
      // Anonymous callers share no subject: keys are scoped per organisation (its credit code) instead.
      const request = { actor: `public:${registration.creditCode}`, operation: "registerPartner", key: idempotencyKey, input };
      const { id } = await idempotent(context.prisma, request, async (tx) => {
        const live = await tx.partnerOrganization.findFirst({
          where: { creditCode: registration.creditCode, status: { not: "REJECTED" } },
          select: { id: true },
        });
        if (live) throw alreadyRegistered();
        const id = randomUUID();
        try {
          await tx.partnerOrganization.create({ data: { id, ...registration } });
        } catch (error) {
          throw isUniqueViolation(error) ? alreadyRegistered() : error;
        }
        return id;
      });
      return context.prisma.partnerOrganization.findUniqueOrThrow({ where: { id } });
    },
  }),

  approvePartner: t.prismaField({
    type: "PartnerOrganization",
    nullable: true,
    description:
      "An officer of the partner's street approves it (or re-vets an approved one) until a date in the future, with notes.",
    args: {
      id: t.arg.id({ required: true }),
      vettingNotes: t.arg.string({ required: true }),
      approvedUntil: t.arg({ type: "DateTime", required: true }),
    },
    resolve: async (query, _root, args, context) => {
      const partner = await partnerToVet(context, String(args.id));
      const vetting = parseInput(Vetting, { vettingNotes: args.vettingNotes, approvedUntil: args.approvedUntil });
      const { count } = await context.prisma.partnerOrganization.updateMany({
        where: { id: partner.id, status: { in: ["PENDING", "APPROVED"] } },
        data: { status: "APPROVED", ...vetting, vettedBy: context.access.viewer!.subject, vettedAt: new Date() },
      });
      if (count === 0) throw conflict("A rejected registration stays rejected: the organisation registers again.");
      return context.prisma.partnerOrganization.findUniqueOrThrow({ ...query, where: { id: partner.id } });
    },
  }),

  rejectPartner: t.prismaField({
    type: "PartnerOrganization",
    nullable: true,
    description: "An officer of the partner's street rejects a PENDING registration, saying why in the notes.",
    args: { id: t.arg.id({ required: true }), vettingNotes: t.arg.string({ required: true }) },
    resolve: async (query, _root, args, context) => {
      const partner = await partnerToVet(context, String(args.id));
      const { vettingNotes } = parseInput(Vetting.pick({ vettingNotes: true }), { vettingNotes: args.vettingNotes });
      const { count } = await context.prisma.partnerOrganization.updateMany({
        where: { id: partner.id, status: "PENDING" },
        data: { status: "REJECTED", vettingNotes, vettedBy: context.access.viewer!.subject, vettedAt: new Date() },
      });
      if (count === 0) throw conflict(`Only a PENDING registration can be rejected; this one is ${partner.status}.`);
      return context.prisma.partnerOrganization.findUniqueOrThrow({ ...query, where: { id: partner.id } });
    },
  }),
}));
