import { describe, expect, it } from "vitest";
import {
  Access,
  accessFromClaims,
  maskAddress,
  maskIdNumber,
  maskName,
  maskPhone,
  salutation,
  type Viewer,
  viewerFromClaims,
} from "./index";

const viewer = (role: Viewer["role"], scope: string | null, place: string | null = null): Viewer => ({
  subject: "u",
  role,
  scope,
  place,
});
const BLOCK = "310105001001001";
const ROOM = "0f5b1f5e-8a61-4c8e-9a52-3e1f6f0b2a11";

describe("claims", () => {
  it("accepts each role with a scope of the right kind", () => {
    expect(viewerFromClaims({ sub: "u", role: "street_officer", scope: "310105001" })).toEqual({
      viewer: viewer("street_officer", "310105001"),
    });
    expect(viewerFromClaims({ sub: "a", role: "admin" })).toEqual({ viewer: { ...viewer("admin", null), subject: "a" } });
    expect("viewer" in viewerFromClaims({ sub: "a", role: "department_officer", scope: "310105-civil" })).toBe(true);
    expect("viewer" in viewerFromClaims({ sub: "a", role: "room_staff", scope: ROOM, place: "310105001001" })).toBe(true);
  });

  it("describes a signed-in person without a role, who reads no place and no household", () => {
    const person = viewerFromClaims({ sub: "idp|alice" });
    expect(person).toEqual({ viewer: { subject: "idp|alice", role: null, scope: null, place: null } });
    const access = new Access("viewer" in person ? person.viewer : null);
    expect(access.authenticated).toBe(true);
    expect([access.canReadPlace("310105"), access.servesBlock(BLOCK), access.personalData(BLOCK), access.partnerId]).toEqual([
      false,
      false,
      "none",
      null,
    ]);
    expect(viewerFromClaims({ sub: "idp|alice", scope: "310105" })).toHaveProperty("problem");
  });

  it("refuses unknown roles and scopes of the wrong kind", () => {
    expect(viewerFromClaims({ sub: "a", role: "mayor", scope: "310105" })).toHaveProperty("problem");
    expect(viewerFromClaims({ sub: "a", role: "street_officer", scope: "310105" })).toEqual({
      problem: "a street_officer scope is a street code",
    });
    expect(viewerFromClaims({ sub: "a", role: "partner", scope: "310105" })).toHaveProperty("problem");
    expect(viewerFromClaims({ sub: "a", role: "room_staff", scope: ROOM })).toHaveProperty("problem");
    expect(viewerFromClaims({ role: "admin" })).toHaveProperty("problem");
  });
});

describe("access", () => {
  it("lets place roles read their subtree and the places above it, not their siblings", () => {
    const officer = new Access(viewer("street_officer", "310105001"));
    expect(officer.canReadPlace("310105")).toBe(true);
    expect(officer.canReadPlace("310105001002003")).toBe(true);
    expect(officer.canReadPlace("310105002")).toBe(false);
    expect(new Access(viewer("partner", ROOM)).canReadPlace("310105")).toBe(false);
  });

  it("gives personal data in full to those who serve a household, masked to analysts, none to others", () => {
    expect(new Access(viewer("block_member", BLOCK)).personalData(BLOCK)).toBe("full");
    expect(new Access(viewer("room_staff", ROOM, "310105001001")).personalData(BLOCK)).toBe("full");
    expect(new Access(viewer("district_analyst", "310105")).personalData(BLOCK)).toBe("masked");
    expect(new Access(viewer("community_worker", "310105001002")).personalData(BLOCK)).toBe("none");
    expect(new Access(viewer("department_officer", "310105-civil")).personalData(BLOCK)).toBe("none");
    expect(new Access(viewer("partner", ROOM)).personalData(BLOCK)).toBe("none");
    expect(new Access(null).personalData(BLOCK)).toBe("none");
    expect(new Access(viewer("admin", null)).personalData(BLOCK)).toBe("full");
  });

  it("never shows a partner a household record: its view of a paired household is the pairing's", () => {
    expect(new Access(viewer("partner", ROOM)).canSeeHousehold(BLOCK)).toBe(false);
    expect(new Access(viewer("block_member", BLOCK)).canSeeHousehold(BLOCK)).toBe(true);
    expect(new Access(viewer("community_worker", "310105001002")).canSeeHousehold(BLOCK)).toBe(false);
  });
});

describe("services", () => {
  it("takes only a service token (admin, subject service:…) for a service", () => {
    expect(accessFromClaims({ sub: "service:residents", role: "admin" }).isService).toBe(true);
    expect(accessFromClaims({ sub: "someone", role: "admin" }).isService).toBe(false);
    expect(accessFromClaims({ sub: "service:x", role: "street_officer", scope: "310105001" }).isService).toBe(false);
  });
});

describe("masking", () => {
  it("keeps only what identifies nobody", () => {
    expect(maskName("陈志强")).toBe("陈**");
    expect(maskPhone("13912345678")).toBe("139****5678");
    expect(maskIdNumber("310105198911224459")).toBe("310105**********59");
    expect(maskAddress("Room 603, No. 10, Lane 163, Xianxia Road")).toBe("Lane 163, Xianxia Road");
  });

  it("addresses a household by the head's family name and sex, never the given name", () => {
    expect(salutation("王秀英", "310105195203124421")).toBe("王女士");
    expect(salutation("陈志强", "310105198911224459")).toBe("陈先生");
    expect(salutation("欧阳海燕", "31010519890112446X")).toBe("欧阳女士");
    expect(salutation("欧阳", "310105198911224459")).toBe("欧先生");
    expect(salutation("李军", null)).toBe("李户");
    expect(salutation("李军", "not-a-number")).toBe("李户");
    expect(salutation("  ", null)).toBe("住户");
  });
});
