// Members of partner organisations register the block they live in: the second half of 双报到
// (the organisation registers with its street, its members where they live). Places count them.
import { randomUUID } from "node:crypto";
import { codeProblem } from "@grassroots/jurisdiction";
import { badUserInput, conflict, forbidden, idempotent, pageSize, parseUuid } from "@grassroots/platform";
import { z } from "zod";
import { builder, vetsPartnersOf } from "../builder";
import { parseInput } from "../validation";
import { Block } from "./external";
import { isKnownPlace, PartnerOrganization } from "./partner";

// Reached only through its organisation's `members` (checked there) or the registration that made it.
builder.prismaObject("PartnerMember", {
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name", {
      description: "Personal data of the member: for their organisation and its vetting officers.",
    }),
    homeBlock: t.field({ type: Block, resolve: (member) => ({ code: member.homeBlockCode }) }),
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

const RegisterPartnerMemberInput = builder.inputType("RegisterPartnerMemberInput", {
  fields: (t) => ({
    partnerId: t.id({ required: true }),
    name: t.string({ required: true }),
    homeBlockCode: t.id({ required: true, description: "The 15-digit code of the block the member lives in." }),
  }),
});

const Membership = z.object({
  partnerId: z.string(),
  name: z.string().trim().min(1, "give the member's name.").max(100, "a name is at most 100 characters."),
  homeBlockCode: z
    .string()
    .trim()
    .superRefine((code, check) => {
      const problem = codeProblem(code, "BLOCK");
      if (problem) check.addIssue({ code: "custom", message: problem });
    }),
});

builder.mutationFields((t) => ({
  registerPartnerMember: t.prismaField({
    type: "PartnerMember",
    nullable: true,
    description: "An approved organisation registers a member at the block where they live.",
    args: {
      input: t.arg({ type: RegisterPartnerMemberInput, required: true }),
      idempotencyKey: t.arg.string({ required: true }),
    },
    resolve: async (query, _root, { input, idempotencyKey }, context) => {
      const membership = parseInput(Membership, { ...input, partnerId: parseUuid(String(input.partnerId), "partnerId") });
      const partner = await context.prisma.partnerOrganization.findUnique({ where: { id: membership.partnerId } });
      const own = context.access.partnerId === membership.partnerId;
      if (!partner || !(own || vetsPartnersOf(context, partner.streetCode))) throw forbidden();
      if (partner.status !== "APPROVED")
        throw conflict("Members register once their organisation is approved.", { field: "partnerId" });
      if (!(await isKnownPlace(context, membership.homeBlockCode))) {
        throw badUserInput(`No block with code ${membership.homeBlockCode} is served in this district.`, {
          field: "homeBlockCode",
        });
      }
      const request = { actor: context.access.viewer!.subject, operation: "registerPartnerMember", key: idempotencyKey, input };
      const { id } = await idempotent(context.prisma, request, async (tx) => {
        const id = randomUUID();
        await tx.partnerMember.create({ data: { id, ...membership } });
        return id;
      });
      return context.prisma.partnerMember.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
}));
