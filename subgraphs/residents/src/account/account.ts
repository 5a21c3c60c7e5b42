// Partner accounts as GraphQL: a signed-in person's own account (`myPartnerAccount`, also while
// the registration waits to be vetted; `myClosedPartnerAccount` once it has closed: rejected, or
// removed) and an organisation's accounts for its administrators and vetting officers.
import { builder } from "../builder";
import type { PartnerAccount as AccountRow } from "../generated/prisma/client";
import { vetsPartnersOf } from "../partner/access";
import { PartnerRegistration } from "../partner/mutations";
import { PartnerOrganization } from "../partner/partner";
import { administers, mayActForPartner } from "./access";

export const PartnerAccountRole = builder.enumType("PartnerAccountRole", {
  values: {
    ADMINISTRATOR: { description: "Registered the organisation: invites and removes its members." },
    MEMBER: { description: "Joined with an invitation code." },
  } as const,
});

export const PartnerAccount = builder.prismaObject("PartnerAccount", {
  description: "A person (the identity provider's subject) acting for a partner organisation once the street office approved it.",
  fields: (t) => ({
    id: t.exposeID("id"),
    subject: t.exposeString("subject", { description: "The identity provider's subject (the token's sub)." }),
    role: t.expose("role", { type: PartnerAccountRole }),
    joinedAt: t.expose("joinedAt", { type: "DateTime" }),
    removedAt: t.expose("removedAt", { type: "DateTime", nullable: true }),
    registration: t.field({
      type: PartnerRegistration,
      description: "The organisation as its registration stands: PENDING until vetted; APPROVED, the account acts for it.",
      select: { partner: true },
      resolve: (account) => account.partner,
    }),
  }),
});

export const PartnerInvitationCode = builder
  .objectRef<{ invitationId: string; code: string; expiresAt: Date }>("PartnerInvitationCode")
  .implement({
    description: "A one-time code for a colleague to pass to acceptPartnerInvitation: shown once, never stored.",
    fields: (t) => ({
      invitationId: t.exposeID("invitationId", {
        description: "The invitation, as PartnerOrganization.invitations lists it (and revokePartnerInvitation takes it).",
      }),
      code: t.exposeString("code"),
      expiresAt: t.expose("expiresAt", { type: "DateTime" }),
    }),
  });

export const PartnerInvitationStatus = builder.enumType("PartnerInvitationStatus", {
  values: {
    PENDING: { description: "Not used yet, and valid until expiresAt." },
    ACCEPTED: { description: "A colleague joined with it." },
    EXPIRED: { description: "Nobody used it in time." },
    REVOKED: { description: "An administrator withdrew it before anyone used it." },
  } as const,
});

/** How many of an organisation's invitations it lists, newest first. */
export const INVITATIONS_LISTED = 50;

builder.prismaObject("PartnerInvitation", {
  description:
    "A one-time code an administrator made for a colleague. The code itself is never stored, so it is never shown again: withdraw it (revokePartnerInvitation) and make a new one.",
  fields: (t) => ({
    id: t.exposeID("id"),
    role: t.expose("role", { type: PartnerAccountRole, description: "What the colleague becomes." }),
    invitedBy: t.exposeString("invitedBy", { description: "The subject of the administrator who made it." }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    expiresAt: t.expose("expiresAt", { type: "DateTime" }),
    status: t.field({
      type: PartnerInvitationStatus,
      resolve: (invitation) =>
        invitation.acceptedAt
          ? "ACCEPTED"
          : invitation.revokedAt
            ? "REVOKED"
            : invitation.expiresAt <= new Date()
              ? "EXPIRED"
              : "PENDING",
    }),
    acceptedBy: t.exposeString("acceptedBy", { nullable: true, description: "The subject of the colleague who used it." }),
    acceptedAt: t.expose("acceptedAt", { type: "DateTime", nullable: true }),
    revokedAt: t.expose("revokedAt", { type: "DateTime", nullable: true }),
  }),
});

builder.prismaObjectField(PartnerOrganization, "accounts", (t) =>
  t.relation("accounts", {
    nullable: true,
    description: "Who acts for the organisation (live accounts, oldest first): for its administrators and its vetting officers.",
    authScopes: (partner, _args, context) =>
      administers(context.access, context.account, partner.id) || vetsPartnersOf(context, partner.streetCode),
    query: { where: { removedAt: null }, orderBy: [{ joinedAt: "asc" }, { id: "asc" }] },
  }),
);

builder.prismaObjectField(PartnerOrganization, "invitations", (t) =>
  t.relation("invitations", {
    nullable: true,
    description: `The organisation's invitations, newest first (the last ${INVITATIONS_LISTED}): for its administrators.`,
    authScopes: (partner, _args, context) => administers(context.access, context.account, partner.id),
    query: { orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: INVITATIONS_LISTED },
  }),
);

builder.queryFields((t) => ({
  myPartnerAccount: t.prismaField({
    type: "PartnerAccount",
    nullable: true,
    description: "Your own partner account, if you registered an organisation or accepted an invitation; null otherwise.",
    resolve: (query, _root, _args, context) => {
      // Taken before the check: without an account there is nothing to load, and the selection
      // (with its relations) goes unused on purpose, which Pothos would otherwise report as an error.
      const selection = { ...query };
      return context.account
        ? context.prisma.partnerAccount.findUnique({ ...selection, where: { id: context.account.id } })
        : (null as AccountRow | null);
    },
  }),
  myClosedPartnerAccount: t.prismaField({
    type: "PartnerAccount",
    nullable: true,
    description:
      "While you have no live partner account: your most recent one that closed, because the street office rejected the organisation's registration (registration.rejection says when and why; you may register again), or because one of its administrators removed you (removedAt). Null otherwise, and for staff.",
    resolve: (query, _root, _args, context) => {
      // Taken before the checks, as in myPartnerAccount: the selection may go unused on purpose.
      const selection = { ...query };
      const subject = context.access.viewer?.subject;
      if (context.account || !subject || !mayActForPartner(context.access)) return null as AccountRow | null;
      return context.prisma.partnerAccount.findFirst({
        ...selection,
        where: { subject, removedAt: { not: null } },
        orderBy: [{ removedAt: "desc" }, { id: "desc" }],
      });
    },
  }),
}));
