import { Access, type Viewer } from "@grassroots/access";
import { describe, expect, it } from "vitest";
import { canReadCaseText, canSeeCase, visibleCasesWhere } from "./access";

const as = (role: Viewer["role"], scope: string | null) => new Access({ subject: "u", role, scope, place: null });
const BLOCK = "310105001001001";
const chain = ["310105", "310105001", "310105001001", BLOCK];
const atBlock = { blockCode: BLOCK, tier: "BLOCK", holderCode: BLOCK, reach: chain } as const;
const withNeighbour = {
  blockCode: BLOCK,
  tier: "COMMUNITY",
  holderCode: "310105001002",
  reach: [...chain, "310105001002"],
} as const;
const withDepartment = { blockCode: BLOCK, tier: "DEPARTMENT", holderCode: "310105-civil", reach: chain } as const;
// Raised in 310105001001001, transferred to a block of another street, then escalated to its community.
const transferred = {
  blockCode: BLOCK,
  tier: "COMMUNITY",
  holderCode: "310105002001",
  reach: [...chain, "310105002", "310105002001", "310105002001001"],
} as const;

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

  it("lets every chain that held the case see it: the block it was transferred to and the places above", () => {
    expect(canReadCaseText(as("block_member", "310105002001001"), transferred)).toBe(true);
    expect(canReadCaseText(as("community_worker", "310105002001"), transferred)).toBe(true);
    expect(canReadCaseText(as("street_officer", "310105002"), transferred)).toBe(true);
    expect(canSeeCase(as("block_member", BLOCK), transferred)).toBe(true);
    expect(canSeeCase(as("block_member", "310105002001002"), transferred)).toBe(false);
    expect(canSeeCase(as("community_worker", "310105002002"), transferred)).toBe(false);
  });

  it("filters listings by the same rule", () => {
    expect(visibleCasesWhere(as("admin", null))).toEqual({});
    expect(visibleCasesWhere(as("community_worker", "310105002001"))).toEqual({
      OR: [
        { blockCode: { startsWith: "310105002001" } },
        { reach: { has: "310105002001" } },
        { tier: "COMMUNITY", holderCode: "310105002001" },
      ],
    });
    expect(visibleCasesWhere(as("department_officer", "310105-civil"))).toEqual({
      OR: [{ tier: "DEPARTMENT", holderCode: "310105-civil" }],
    });
    expect(visibleCasesWhere(as("partner", "0f5b1f5e-8a61-4c8e-9a52-3e1f6f0b2a11"))).toEqual({ id: { in: [] } });
  });
});
