// The API's enums the partner forms offer, in the order a person reads them (labels: i18n/common.ts).
import type { CheckInKind, PairingEndReason, PairingStatus, PartnerAccountRole, PartnerKind } from "../generated/graphql";

export const PARTNER_KINDS: readonly PartnerKind[] = ["COMPANY", "AGENCY", "SCHOOL", "SOCIAL_ORGANIZATION"];
export { NEED_CATEGORIES as NEEDS } from "../api/enums";
export const CHECK_IN_KINDS: readonly CheckInKind[] = ["HOME_VISIT", "PHONE_CALL", "SUPPLIES", "SERVICE", "OTHER"];
export const PAIRING_STATUSES: readonly PairingStatus[] = ["PROPOSED", "ACTIVE", "ENDED"];
export const ACCOUNT_ROLES: readonly PartnerAccountRole[] = ["MEMBER", "ADMINISTRATOR"];

/** How a partner ends an active pairing; a proposal it no longer wants it withdraws (DECLINED). */
export const END_REASONS: Record<"ACTIVE" | "PROPOSED", readonly PairingEndReason[]> = {
  ACTIVE: ["NEEDS_MET", "HOUSEHOLD_REQUEST", "PARTNER_WITHDREW", "HOUSEHOLD_MOVED", "OTHER"],
  PROPOSED: ["DECLINED", "PARTNER_WITHDREW", "OTHER"],
};
