// Partner organisations (双报到): companies, agencies, schools and social organisations based in the
// area register with a street office (publicly, no account needed), and that street's officers vet
// them: approved until a date, or rejected. Only an approved partner whose approval has not expired
// starts new pairings.
import { randomUUID } from "node:crypto";
import { blockCodeRange, codeProblem } from "@grassroots/jurisdiction";
import { badUserInput, conflict, forbidden, idempotent, isUniqueViolation, isUuid, parseUuid } from "@grassroots/platform";
import { NEED_CATEGORIES, PARTNER_KINDS } from "@grassroots/vocabulary";
import { queryFromInfo } from "@pothos/plugin-prisma";
import { z } from "zod";
import { builder, vetsPartnersOf } from "../builder";
import type { Context } from "../context";
import { creditCodeProblem } from "../credit-code";
import type { PartnerOrganization as PartnerRow } from "../generated/prisma/client";
import { parseInput } from "../validation";
import { connectionOf, pageArgs } from "./connection";
import { Street } from "./external";
import { NeedCategory } from "./household";

const PartnerKind = builder.enumType("PartnerKind", { values: PARTNER_KINDS });
const PartnerStatus = builder.enumType("PartnerStatus", {
  description: "PENDING until the street office vets the registration, then APPROVED (until a date) or REJECTED.",
  values: ["PENDING", "APPROVED", "REJECTED"] as const,
});

/** Approved and the approval still runs: what starting a pairing needs. */
function canStartPairings(partner: Pick<PartnerRow, "status" | "approvedUntil">, now = new Date()): boolean {
  return partner.status === "APPROVED" && partner.approvedUntil !== null && partner.approvedUntil > now;
}

/** Why a partner cannot start a pairing now, in words for whoever asked; null when it can. */
export function pairingBlocker(partner: Pick<PartnerRow, "status" | "approvedUntil">, now = new Date()): string | null {
  if (partner.status === "PENDING")
    return "This partner organisation has not been vetted yet; the street office approves it first.";
  if (partner.status === "REJECTED") return "This partner organisation's registration was rejected.";
  if (!canStartPairings(partner, now)) {
    return `This partner organisation's approval expired on ${partner.approvedUntil?.toISOString().slice(0, 10)}: it starts no new pairings until the street office vets it again.`;
  }
  return null;
}

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
  resolveReference: ({ id }, context) => (isUuid(id) ? context.loaders.partner.load(id.toLowerCase()) : null),
});

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

const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;

const text = (what: string, max: number) =>
  z.string().trim().min(1, `give ${what}.`).max(max, `${what} is at most ${max} characters.`);

const Registration = z.object({
  name: text("the organisation's name", 200),
  kind: z.enum(PARTNER_KINDS),
  creditCode: z
    .string()
    .trim()
    .toUpperCase()
    .superRefine((code, check) => {
      const problem = creditCodeProblem(code);
      if (problem) check.addIssue({ code: "custom", message: problem });
    }),
  contactPerson: text("a contact person", 100),
  contactPhone: z.string().trim().regex(PHONE, "give a mobile number (11 digits) or a landline with its area code."),
  streetCode: z
    .string()
    .trim()
    .superRefine((code, check) => {
      const problem = codeProblem(code, "STREET");
      if (problem) check.addIssue({ code: "custom", message: problem });
    }),
  services: z
    .array(z.enum([...NEED_CATEGORIES, "OTHER"]))
    .min(1, "list at least one need the organisation helps with.")
    .transform((services) => [...new Set(services)]),
  capacity: z
    .number()
    .int()
    .min(1, "an organisation supports at least one household.")
    .max(1000, "at most 1000 households; register branches separately."),
});

/**
 * Whether households are registered under a place. The blocks subgraph owns the tree, and this one
 * reads no other database: a place this district's households live in is a place that exists.
 */
export async function isKnownPlace(context: Pick<Context, "prisma">, code: string): Promise<boolean> {
  const { from, to } = blockCodeRange(code);
  const found = await context.prisma.household.findFirst({ where: { blockCode: { gte: from, lte: to } }, select: { id: true } });
  return found !== null;
}

const Vetting = z.object({
  vettingNotes: text("vetting notes", 2000),
  approvedUntil: z
    .date()
    .refine((date) => date.getTime() > Date.now(), "an approval must run until a date in the future.")
    .refine((date) => date.getTime() < Date.now() + 5 * 366 * 86_400_000, "an approval runs at most five years."),
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

function alreadyRegistered() {
  return conflict("An organisation with this unified social credit code is already registered; ask its street office.", {
    field: "creditCode",
  });
}

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
    resolve: async (_root, args, context, info) => {
      const street = String(args.street);
      const problem = codeProblem(street, "STREET");
      if (problem) throw badUserInput(problem, { field: "street" });
      const { first, afterId } = pageArgs(args);
      const rows = await context.prisma.partnerOrganization.findMany({
        ...queryFromInfo({ context, info, path: ["edges", "node"] }),
        where: {
          streetCode: street,
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
