// Inviting (and withdrawing an invitation), accepting and removing partner accounts: parse,
// authorise, then the rules.
import { forbidden, parseUuid } from "@grassroots/platform";
import { builder } from "../builder";
import type { Context } from "../context";
import { administers, mayActForPartner } from "./access";
import { PartnerAccountRole, PartnerInvitationCode } from "./account";
import { acceptInvitation, invite, removeAccount, revokeInvitation } from "./rules";

/** The caller's organisation, when they administer it. */
function administered(context: Context) {
  const { access, account } = context;
  if (!account || !administers(access, account, account.partnerId)) {
    throw forbidden("Only an administrator of an approved partner organisation manages its members.");
  }
  return account;
}

builder.mutationFields((t) => ({
  invitePartnerMember: t.field({
    type: PartnerInvitationCode,
    description: `An administrator of an approved partner organisation makes a one-time code for a colleague (valid 7 days).`,
    args: { role: t.arg({ type: PartnerAccountRole, description: "MEMBER unless said; ADMINISTRATOR to share the work." }) },
    resolve: async (_root, { role }, context) => {
      const account = administered(context);
      return invite(context.prisma, account.partnerId, context.access.viewer!.subject, role ?? "MEMBER");
    },
  }),

  acceptPartnerInvitation: t.prismaField({
    type: "PartnerAccount",
    nullable: true,
    description: "A signed-in person without a role uses a one-time code and acts for its organisation from the next request on.",
    args: { code: t.arg.string({ required: true }) },
    resolve: async (query, _root, { code }, context) => {
      if (!mayActForPartner(context.access)) throw forbidden("Staff accounts do not join partner organisations.");
      const id = await acceptInvitation(context.prisma, code, context.access.viewer!.subject);
      return context.prisma.partnerAccount.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),

  revokePartnerInvitation: t.prismaField({
    type: "PartnerInvitation",
    nullable: true,
    description:
      "An administrator withdraws an invitation nobody has used (a code sent to the wrong person, or lost): the code is refused from then on.",
    args: { invitationId: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, context) => {
      const account = administered(context);
      const invitationId = parseUuid(String(args.invitationId), "invitationId");
      await revokeInvitation(context.prisma, account.partnerId, invitationId, context.access.viewer!.subject);
      return context.prisma.partnerInvitation.findUniqueOrThrow({ ...query, where: { id: invitationId } });
    },
  }),

  removePartnerMember: t.prismaField({
    type: "PartnerAccount",
    nullable: true,
    description: "An administrator removes an account of its organisation: its next request is refused.",
    args: { accountId: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, context) => {
      const account = administered(context);
      const accountId = parseUuid(String(args.accountId), "accountId");
      await removeAccount(context.prisma, account.partnerId, accountId, account, context.access.viewer!.subject);
      return context.prisma.partnerAccount.findUniqueOrThrow({ ...query, where: { id: accountId } });
    },
  }),
}));
