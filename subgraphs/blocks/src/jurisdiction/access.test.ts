import { Access, type Role } from "@grassroots/access";
import { describe, expect, it } from "vitest";
import { mayLookUpPlace, placeArgument, placeKeyAnswer, readPlace } from "./access";

const PARTNER_ID = "9b4f3c1e-8f52-4a53-9d43-7c1d2f7c0a11";
const viewer = (role: Role, scope: string | null) => new Access({ subject: "someone", role, scope, place: null });
const admin = viewer("admin", null);
const officer = viewer("street_officer", "310105001");
const partner = viewer("partner", PARTNER_ID);

describe("who may read a place", () => {
  it("reads within the viewer's place and the places above it, never a sibling", () => {
    for (const code of ["310105", "310105001", "310105001009", "310105001009009"])
      expect(readPlace({ code }, { access: officer })).toBe(true);
    for (const code of ["310106", "310105002", "310105002001001"]) expect(readPlace({ code }, { access: officer })).toBe(false);
    expect(readPlace({ code: "310105" }, { access: partner })).toBe(false);
    expect(readPlace({ code: "999999" }, { access: admin })).toBe(true);
  });
});

describe("looking a place up by code", () => {
  it("is decided by the code alone: the viewer's subtree and path, never a sibling", () => {
    for (const code of ["310105", "310105001", "310105001009", "310105001009009"])
      expect(mayLookUpPlace(officer, code)).toBe(true);
    for (const code of ["310106", "310105002", "310105002001"]) expect(mayLookUpPlace(officer, code)).toBe(false);
    expect(mayLookUpPlace(viewer("department_officer", "310105-civil"), "310105002001001")).toBe(true);
    expect(mayLookUpPlace(viewer("department_officer", "310105-civil"), "310106")).toBe(false);
  });

  it("gives partners no place at all and admins every well-formed one", () => {
    expect(mayLookUpPlace(partner, "310105")).toBe(false);
    expect(mayLookUpPlace(admin, "999999")).toBe(true);
    // A prefix of the scope plus junk is no code, however it starts.
    expect(mayLookUpPlace(officer, "310105001x")).toBe(false);
  });

  it("refuses a malformed argument before asking who may see it", () => {
    const context = { access: partner, authenticated: true };
    expect(() => placeArgument(context, "31x", "DISTRICT", "districtCode")).toThrow(
      expect.objectContaining({ extensions: { code: "BAD_USER_INPUT", field: "districtCode" } }),
    );
    expect(() => placeArgument(context, "310105", "DISTRICT")).toThrow(
      expect.objectContaining({ extensions: { code: "FORBIDDEN" } }),
    );
    expect(placeArgument({ access: officer, authenticated: true }, "310105001009")).toBe("310105001009");
  });

  it("answers entity keys: look up within scope, hidden outside, null only for an admin's malformed key", () => {
    expect(placeKeyAnswer(officer, "310105001001", "COMMUNITY")).toBe("look up");
    expect(placeKeyAnswer(officer, "310105002001", "COMMUNITY")).toBe("hidden");
    expect(placeKeyAnswer(officer, "310105001", "COMMUNITY")).toBe("hidden");
    expect(placeKeyAnswer(officer, 310105001001, "COMMUNITY")).toBe("hidden");
    expect(placeKeyAnswer(admin, "310105001\u0000", "COMMUNITY")).toBe("null");
    expect(placeKeyAnswer(admin, undefined, "BLOCK")).toBe("null");
    expect(placeKeyAnswer(partner, "310105001001", "COMMUNITY")).toBe("hidden");
  });
});
