import { accessFromClaims } from "@grassroots/access";
import { describe, expect, it } from "vitest";
import { vetsPartnersOf } from "./access";

const as = (claims: Record<string, unknown> | null) => ({ access: accessFromClaims(claims) });

describe("who vets a partner", () => {
  it("is an officer of the street it registered with, or an admin", () => {
    expect(vetsPartnersOf(as({ sub: "o", role: "street_officer", scope: "310105001" }), "310105001")).toBe(true);
    expect(vetsPartnersOf(as({ sub: "a", role: "admin" }), "310105001")).toBe(true);
    expect(vetsPartnersOf(as({ sub: "o", role: "street_officer", scope: "310105002" }), "310105001")).toBe(false);
    expect(vetsPartnersOf(as({ sub: "w", role: "community_worker", scope: "310105001001" }), "310105001")).toBe(false);
    expect(vetsPartnersOf(as(null), "310105001")).toBe(false);
  });
});
