// Registration by a signed-in person, who becomes the organisation's first administrator, and
// vetting by the officers of the partner's street.
import { randomUUID } from "node:crypto";
import {
  badUserInput,
  conflict,
  forbidden,
  idempotent,
  isUniqueViolation,
  parseUuid,
  tooManyRequests,
} from "@grassroots/platform";
import { closeAccountsOf, openAccount } from "../account/rules";
import { builder } from "../builder";
import type { Context } from "../context";
import { Street } from "../external";
import type { PartnerOrganization as PartnerRow } from "../generated/prisma/client";
import { NeedCategory } from "../household/household";
import { parseInput } from "../input";
import { vetsPartnersOf } from "./access";
import { PartnerKind, PartnerStatus } from "./partner";
import { alreadyRegistered, isKnownPlace, Registration, Vetting } from "./rules";

/** Why and when a street office rejected a registration. */
const PartnerRejection = builder.objectRef<{ rejectedAt: Date; notes: string }>("PartnerRejection").implement({
  description: "The street office's decision not to approve a registration, with its reasons, addressed to the registrant.",
  fields: (t) => ({
    rejectedAt: t.expose("rejectedAt", { type: "DateTime" }),
    notes: t.exposeString("notes", { description: "The street office's reasons (rejectPartner's vettingNotes)." }),
  }),
});

/** What a registrant gets back: the id to give the street office, and where it stands. */
export const PartnerRegistration = builder.objectRef<PartnerRow>("PartnerRegistration").implement({
  description: "The receipt of a registration: a retry with the same idempotency key and input returns the same one.",
  fields: (t) => ({
    partnerId: t.exposeID("id"),
    status: t.expose("status", { type: PartnerStatus }),
    street: t.field({ type: Street, resolve: (partner) => ({ code: partner.streetCode }) }),
    registeredAt: t.expose("registeredAt", { type: "DateTime" }),
    rejection: t.field({
      type: PartnerRejection,
      nullable: true,
      description:
        "REJECTED: when, and the street office's reasons (the registrant reads them through myClosedPartnerAccount, since a rejection closes the organisation's accounts). Null otherwise.",
      resolve: (partner) =>
        partner.status === "REJECTED" && partner.vettedAt && partner.vettingNotes !== null
          ? { rejectedAt: partner.vettedAt, notes: partner.vettingNotes }
          : null,
    }),
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

/**
 * Counts a registration attempt against its client address, street office and credit code, or
 * refuses it (TOO_MANY_REQUESTS with retryAfterSeconds). A retry of a registration already made
 * (same credit code and idempotency key) is not counted: it only reads the first answer.
 */
async function limitRegistrations(
  context: Context,
  registration: { streetCode: string; creditCode: string },
  request: { actor: string; operation: string; key: string },
) {
  const known = await context.prisma.idempotencyKey.findUnique({
    where: { actor_operation_key: { actor: request.actor, operation: request.operation, key: request.key } },
    select: { key: true },
  });
  if (known) return;
  const limits = context.settings.registrationLimits;
  const street = `street:${registration.streetCode}`;
  const address = context.clientAddress === null ? null : `address:${context.clientAddress}`;
  const refused = context.registrations.take([
    ...(address ? [{ key: address, limit: limits.perAddress }] : []),
    { key: street, limit: limits.perStreet },
    { key: `credit-code:${registration.creditCode}`, limit: limits.perCreditCode },
  ]);
  if (!refused) return;
  const why =
    refused.key === address
      ? "Too many registrations have come from your network."
      : refused.key === street
        ? `Too many registrations have reached street office ${registration.streetCode} in a short time.`
        : "This organisation has tried to register too many times.";
  throw tooManyRequests(why, refused.retryAfterSeconds);
}

builder.mutationFields((t) => ({
  registerPartner: t.field({
    type: PartnerRegistration,
    description:
      "A signed-in person without a role registers an organisation with a street office and becomes its first administrator. It waits, PENDING, for that street's officers to vet it; once APPROVED, the person acts for it.",
    args: {
      input: t.arg({ type: RegisterPartnerInput, required: true }),
      idempotencyKey: t.arg.string({ required: true, description: "Made on the device; a retry sends the same one." }),
    },
    resolve: async (_root, { input, idempotencyKey }, context) => {
      const viewer = context.access.viewer!;
      // Staff and people already acting for an organisation do not register one (a partner-role
      // token without an account here is a person without a role, and may).
      if (viewer.role !== null)
        throw forbidden("Partner organisations are registered by their own people, signed in without a staff role.");
      const registration = parseInput(Registration, input);
      if (!(await isKnownPlace(context, registration.streetCode))) {
        throw badUserInput(`No street with code ${registration.streetCode} is served in this district.`, { field: "streetCode" });
      }
      const request = { actor: viewer.subject, operation: "registerPartner", key: idempotencyKey, input };
      await limitRegistrations(context, registration, request);
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
        await openAccount(tx, id, viewer.subject, "ADMINISTRATOR");
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
      const vettedBy = context.access.viewer!.subject;
      // A retry of this very approval (same officer, notes and date) is answered again, unchanged;
      // a different approval of an approved partner renews it.
      const replay =
        partner.status === "APPROVED" &&
        partner.vettedBy === vettedBy &&
        partner.vettingNotes === vetting.vettingNotes &&
        partner.approvedUntil?.getTime() === vetting.approvedUntil.getTime();
      if (!replay) {
        const { count } = await context.prisma.partnerOrganization.updateMany({
          where: { id: partner.id, status: { in: ["PENDING", "APPROVED"] } },
          data: { status: "APPROVED", ...vetting, vettedBy, vettedAt: new Date() },
        });
        if (count === 0) throw conflict("A rejected registration stays rejected: the organisation registers again.");
      }
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
      const vettedBy = context.access.viewer!.subject;
      // Its accounts end with it, so that its registrant may register again.
      const count = await context.prisma.$transaction(async (tx) => {
        const rejected = await tx.partnerOrganization.updateMany({
          where: { id: partner.id, status: "PENDING" },
          data: { status: "REJECTED", vettingNotes, vettedBy, vettedAt: new Date() },
        });
        if (rejected.count > 0) await closeAccountsOf(tx, partner.id, vettedBy);
        return rejected.count;
      });
      if (count === 0) {
        // REJECTED is final: the same officer retrying the same rejection is answered again.
        const now = await context.prisma.partnerOrganization.findUniqueOrThrow({ where: { id: partner.id } });
        const replay = now.status === "REJECTED" && now.vettedBy === vettedBy && now.vettingNotes === vettingNotes;
        if (!replay) throw conflict(`Only a PENDING registration can be rejected; this one is ${now.status}.`);
      }
      return context.prisma.partnerOrganization.findUniqueOrThrow({ ...query, where: { id: partner.id } });
    },
  }),
}));
