import { accessFromClaims } from "@grassroots/access";
import { describe, expect, it } from "vitest";
import { accessWithAccount, administers, type LiveAccount } from "./access";

const ORG = "9b4f3c1e-8f52-4a53-9d43-7c1d2f7c0a11";
const OTHER = "0f5b1f5e-8a61-4c8e-9a52-3e1f6f0b2a11";
const account = (overrides: Partial<LiveAccount> = {}): LiveAccount => ({
  id: "a",
  partnerId: ORG,
  role: "MEMBER",
  partnerStatus: "APPROVED",
  ...overrides,
});

describe("acting for a partner", () => {
  it("comes from a live account of an approved organisation, whatever the token says", () => {
    const person = accessFromClaims({ sub: "p" });
    expect(accessWithAccount(person, account()).partnerId).toBe(ORG);
    expect(accessWithAccount(person, account({ partnerStatus: "PENDING" })).partnerId).toBeNull();
    expect(accessWithAccount(person, account({ partnerStatus: "REJECTED" })).partnerId).toBeNull();
    expect(accessWithAccount(person, null).partnerId).toBeNull();
  });

  it("refuses a partner token whose subject has no live account in the organisation it names", () => {
    const claimed = accessFromClaims({ sub: "p", role: "partner", scope: ORG });
    expect(accessWithAccount(claimed, account()).partnerId).toBe(ORG);
    expect(accessWithAccount(claimed, null).partnerId).toBeNull();
    expect(accessWithAccount(claimed, null).viewer).toEqual({ subject: "p", role: null, scope: null, place: null });
    expect(accessWithAccount(claimed, account({ partnerId: OTHER })).partnerId).toBeNull();
  });

  it("leaves staff as their tokens say: an officer never acts for a partner", () => {
    const officer = accessFromClaims({ sub: "o", role: "street_officer", scope: "310105001" });
    expect(accessWithAccount(officer, account())).toBe(officer);
    expect(accessWithAccount(accessFromClaims(null), account()).authenticated).toBe(false);
  });

  it("lets only the organisation's administrators manage its members", () => {
    const person = accessFromClaims({ sub: "p" });
    const admin = account({ role: "ADMINISTRATOR" });
    expect(administers(accessWithAccount(person, admin), admin, ORG)).toBe(true);
    expect(administers(accessWithAccount(person, account()), account(), ORG)).toBe(false);
    expect(administers(accessWithAccount(person, admin), admin, OTHER)).toBe(false);
    const pending = account({ role: "ADMINISTRATOR", partnerStatus: "PENDING" });
    expect(administers(accessWithAccount(person, pending), pending, ORG)).toBe(false);
  });
});
