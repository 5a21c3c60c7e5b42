import { Access, type Viewer } from "@grassroots/access";
import { describe, expect, it } from "vitest";
import { canReadCaseText, canSeeCase, visibleCasesWhere } from "./access";

const as = (role: Viewer["role"], scope: string | null) => new Access({ subject: "u", role, scope, place: null });
const BLOCK = "310105001001001";
const atBlock = { blockCode: BLOCK, tier: "BLOCK", holderCode: BLOCK } as const;
const withNeighbour = { blockCode: BLOCK, tier: "COMMUNITY", holderCode: "310105001002" } as const;
const withDepartment = { blockCode: BLOCK, tier: "DEPARTMENT", holderCode: "310105-civil" } as const;

describe("case access", () => {
  it("lets those who serve the block see the case and read its texts", () => {
    for (const viewer of [as("block_member", BLOCK), as("community_worker", "310105001001"), as("street_officer", "310105001")]) {
      expect(canSeeCase(viewer, atBlock)).toBe(true);
      expect(canReadCaseText(viewer, atBlock)).toBe(true);
    }
  });

  it("lets analysts see cases without their texts", () => {
    const analyst = as("district_analyst", "310105");
    expect(canSeeCase(analyst, atBlock)).toBe(true);
    expect(canReadCaseText(analyst, atBlock)).toBe(false);
  });

  it("lets the holder see and read a case raised elsewhere, and nobody of another block", () => {
    expect(canReadCaseText(as("community_worker", "310105001002"), withNeighbour)).toBe(true);
    expect(canReadCaseText(as("department_officer", "310105-civil"), withDepartment)).toBe(true);
    expect(canSeeCase(as("department_officer", "310105-housing"), withDepartment)).toBe(false);
    expect(canSeeCase(as("block_member", "310105001001002"), atBlock)).toBe(false);
  });

  it("filters listings by the same rule", () => {
    expect(visibleCasesWhere(as("admin", null))).toEqual({});
    expect(visibleCasesWhere(as("department_officer", "310105-civil"))).toEqual({
      OR: [{ tier: "DEPARTMENT", holderCode: "310105-civil" }],
    });
    expect(visibleCasesWhere(as("partner", "0f5b1f5e-8a61-4c8e-9a52-3e1f6f0b2a11"))).toEqual({ id: { in: [] } });
  });
});
