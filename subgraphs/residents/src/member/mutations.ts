// An approved organisation (or its vetting officer) registers a member at the block they live in.
import { randomUUID } from "node:crypto";
import { codeProblem } from "@grassroots/jurisdiction";
import { badUserInput, conflict, forbidden, idempotent, parseUuid } from "@grassroots/platform";
import { z } from "zod";
import { builder } from "../builder";
import { parseInput } from "../input";
import { vetsPartnersOf } from "../partner/access";
import { isKnownPlace } from "../partner/rules";

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
