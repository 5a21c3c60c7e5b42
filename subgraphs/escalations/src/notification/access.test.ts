import { accessFromClaims } from "@grassroots/access";
import { describe, expect, it } from "vitest";
import { inboxOf } from "./access";

describe("notification access", () => {
  it("reads the caller's role and scope, or the caller by name", () => {
    expect(inboxOf(accessFromClaims({ sub: "u1", role: "block_member", scope: "310105001001001" }))).toEqual({
      OR: [{ audienceRole: "block_member", audienceScope: "310105001001001" }, { audienceSubject: "u1" }],
    });
    expect(inboxOf(accessFromClaims({ sub: "a", role: "admin" }))).toEqual({ audienceSubject: "a" });
    expect(inboxOf(accessFromClaims(null))).toBeNull();
  });
});
