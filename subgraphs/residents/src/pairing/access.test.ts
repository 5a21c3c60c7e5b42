import { randomUUID } from "node:crypto";
import { accessFromClaims } from "@grassroots/access";
import { describe, expect, it } from "vitest";
import { arrangesPairingsFor, type PairingForView, pairedView, pairingNote } from "./access";

const BLOCK = "310105001001002";
const PARTNER = randomUUID();
const access = (claims: Record<string, unknown> | null) => accessFromClaims(claims);
const partner = access({ sub: "p", role: "partner", scope: PARTNER });
const worker = access({ sub: "w", role: "community_worker", scope: "310105001001" });
const analyst = access({ sub: "a", role: "district_analyst", scope: "310105" });
const member = access({ sub: "m", role: "block_member", scope: BLOCK });

const pairing = (overrides: Partial<PairingForView> = {}): PairingForView => ({
  partnerId: PARTNER,
  status: "ACTIVE",
  acceptedAt: new Date(),
  contactConsent: true,
  household: {
    blockCode: BLOCK,
    needs: ["ELDERLY_LIVING_ALONE"],
    contactPhone: "13900000000",
    residents: [{ name: "王秀英", idNumber: "310105195203124421" }],
  },
  ...overrides,
});

describe("who arranges a household's pairings", () => {
  it("is its community worker or street officer, or an admin; not partners or analysts", () => {
    expect(arrangesPairingsFor({ access: worker }, BLOCK)).toBe(true);
    expect(arrangesPairingsFor({ access: access({ sub: "o", role: "street_officer", scope: "310105001" }) }, BLOCK)).toBe(true);
    expect(arrangesPairingsFor({ access: access({ sub: "x", role: "admin" }) }, BLOCK)).toBe(true);
    expect(arrangesPairingsFor({ access: worker }, "310105002001001")).toBe(false);
    expect(arrangesPairingsFor({ access: partner }, BLOCK)).toBe(false);
    expect(arrangesPairingsFor({ access: analyst }, BLOCK)).toBe(false);
  });
});

describe("what a viewer sees of a paired household", () => {
  it("shows the partner a salutation once accepted and the phone only while active with consent", () => {
    expect(pairedView(partner, pairing())).toMatchObject({ salutation: "王女士", contactPhone: "13900000000" });
    expect(pairedView(partner, pairing({ contactConsent: false })).contactPhone).toBeNull();
    expect(pairedView(partner, pairing({ status: "ENDED" }))).toMatchObject({ salutation: "王女士", contactPhone: null });
    expect(pairedView(partner, pairing({ status: "PROPOSED", acceptedAt: null }))).toMatchObject({
      salutation: null,
      contactPhone: null,
    });
  });

  it("shows those who serve the household its phone as they see its record", () => {
    expect(pairedView(member, pairing({ contactConsent: false })).contactPhone).toBe("13900000000");
    expect(pairedView(analyst, pairing()).contactPhone).not.toBe("13900000000");
  });

  it("keeps free texts to their writer (the partner) and those who get personal data in full", () => {
    const ofPairing = { partnerId: PARTNER, household: { blockCode: BLOCK } };
    expect(pairingNote(partner, ofPairing, "ours", true)).toBe("ours");
    expect(pairingNote(partner, ofPairing, "the worker's", false)).toBeNull();
    expect(pairingNote(member, ofPairing, "the worker's", false)).toBe("the worker's");
    expect(pairingNote(analyst, ofPairing, "the worker's", false)).toBeNull();
  });
});
