import { accessFromClaims } from "@grassroots/access";
import { describe, expect, it } from "vitest";
import { webhookOwner } from "./access";

describe("webhook access", () => {
  const partnerId = "6f1f4a52-8d7c-4f2e-9a55-6ad2b1f0c001";

  it("is the partner's own", () => {
    expect(webhookOwner(accessFromClaims({ sub: "p", role: "partner", scope: partnerId }))).toBe(partnerId);
  });

  it("is nobody else's, an admin's or a street officer's included", () => {
    expect(() => webhookOwner(accessFromClaims({ sub: "a", role: "admin" }))).toThrow();
    expect(() => webhookOwner(accessFromClaims({ sub: "s", role: "street_officer", scope: "310105001" }))).toThrow();
  });
});
