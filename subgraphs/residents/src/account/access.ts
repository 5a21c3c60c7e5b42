// Who acts for a partner organisation: the graph's own accounts, never a token's word alone. A
// signed-in person's token carries a subject (and, from older identity providers, maybe a partner
// role and organisation); every request reads the subject's live account here, so an account
// removed or an organisation rejected is refused from the next request on, with nothing to expire.
import { Access } from "@grassroots/access";
import type { PartnerAccountRole, PartnerStatus } from "../generated/prisma/client";

/** A subject's live account, with its organisation's status (one indexed read per request). */
export interface LiveAccount {
  id: string;
  partnerId: string;
  role: PartnerAccountRole;
  partnerStatus: PartnerStatus;
}

/** Only people without a staff role, and partner-role tokens, are looked up: staff never act for partners. */
export function mayActForPartner(access: Access): boolean {
  const role = access.viewer?.role;
  return role === null || role === "partner";
}

/**
 * The access a request has once its subject's account is known. A partner acts through a live
 * account of an APPROVED organisation (an expired approval still acts: it keeps its pairings and
 * check-ins, and only starting pairings is refused). A token claiming the partner role for an
 * organisation the subject has no live account in is a person with no role, as is the registrant of
 * an organisation still PENDING. Other roles are left as their tokens say.
 */
export function accessWithAccount(access: Access, account: LiveAccount | null): Access {
  const viewer = access.viewer;
  if (!viewer || !mayActForPartner(access)) return access;
  const acts = account !== null && account.partnerStatus === "APPROVED";
  const claimed = viewer.role === "partner" ? viewer.scope : null;
  if (acts && (claimed === null || claimed === account.partnerId)) {
    return new Access({ subject: viewer.subject, role: "partner", scope: account.partnerId, place: null });
  }
  return viewer.role === null ? access : new Access({ subject: viewer.subject, role: null, scope: null, place: null });
}

/** Administrators of the organisation invite and remove its members. */
export function administers(access: Access, account: LiveAccount | null, partnerId: string): boolean {
  return access.partnerId === partnerId && account?.role === "ADMINISTRATOR" && account.partnerId === partnerId;
}
