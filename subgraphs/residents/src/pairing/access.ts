// Who arranges a household's pairings, and what each viewer sees of a pairing: the partner gets only
// what the work needs (a salutation once the household accepted, a phone only with consent); those
// who serve the household see it as they see the household; free texts only where they may be read.
import { type Access, maskPhone, personalValue, salutation } from "@grassroots/access";
import type { PairingStatus } from "../generated/prisma/client";

/**
 * The household's community worker (or its street's officer) proposes pairings for it, accepts them
 * with its consent and ends them; admins anywhere.
 */
export function arrangesPairingsFor({ access }: { access: Access }, blockCode: string): boolean {
  const role = access.viewer?.role;
  return access.isAdmin || ((role === "community_worker" || role === "street_officer") && access.servesBlock(blockCode));
}

/** What a partner sees of a household it is paired with, and all it sees. */
export interface PairedView {
  blockCode: string;
  needs: string[];
  salutation: string | null;
  contactPhone: string | null;
}

export interface PairingForView {
  partnerId: string;
  status: PairingStatus;
  acceptedAt: Date | null;
  contactConsent: boolean;
  household: {
    blockCode: string;
    needs: string[];
    contactPhone: string | null;
    residents: { name: string; idNumber: string | null }[];
  };
}

/**
 * The pairing's partner sees the salutation once the household accepted, and the phone only while
 * active with consent. Anyone else who sees the pairing serves the household: their usual view.
 */
export function pairedView(access: Access, pairing: PairingForView): PairedView {
  const { household } = pairing;
  const head = household.residents[0];
  const addressAs = head ? salutation(head.name, head.idNumber) : "住户";
  const base = { blockCode: household.blockCode, needs: household.needs };
  if (access.partnerId === pairing.partnerId) {
    const consented = pairing.status === "ACTIVE" && pairing.contactConsent;
    return {
      ...base,
      // Only a household that accepted is introduced to the partner, even after the pairing ended.
      salutation: pairing.acceptedAt === null ? null : addressAs,
      contactPhone: consented ? household.contactPhone : null,
    };
  }
  // The salutation comes from the head's name and identity number: personal data like them.
  const view = access.personalData(household.blockCode);
  return {
    ...base,
    salutation: personalValue(view, addressAs, maskSalutation),
    contactPhone: personalValue(view, household.contactPhone, maskPhone),
  };
}

/** 顾女士 → 顾**: the surname's first character, as names are masked; neither sex nor a compound surname. */
export function maskSalutation(salutation: string): string {
  return `${[...salutation][0] ?? ""}**`;
}

/**
 * Free text on a pairing may name residents (analysts see no such text); the partner reads only what
 * it wrote itself.
 */
export function pairingNote(
  access: Access,
  pairing: { partnerId: string; household: { blockCode: string } },
  note: string | null,
  writtenByPartner: boolean,
): string | null {
  if (note === null) return null;
  if (access.partnerId === pairing.partnerId) return writtenByPartner ? note : null;
  return access.personalData(pairing.household.blockCode) === "full" ? note : null;
}
