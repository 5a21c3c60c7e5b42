import { Access } from "@grassroots/access";
import { describe, expect, it } from "vitest";
import { readPlace, visibleChildren } from "./access";

const viewer = (role: "admin" | "street_officer" | "partner", scope: string | null) =>
  new Access({ subject: "someone", role, scope, place: null });

describe("who may read a place", () => {
  it("checks the place's own code", () => {
    expect(readPlace({ code: "310105001" })).toEqual({ readPlace: "310105001" });
  });

  it("lists children within the viewer's subtree and path, in code order", () => {
    expect(visibleChildren(viewer("street_officer", "310105001"))).toEqual({
      where: { OR: [{ code: { startsWith: "310105001" } }, { code: { in: ["310105", "310105001"] } }] },
      orderBy: { code: "asc" },
    });
    expect(visibleChildren(viewer("admin", null)).where).toEqual({});
    expect(visibleChildren(viewer("partner", "9b4f3c1e-8f52-4a53-9d43-7c1d2f7c0a11")).where).toEqual({ OR: [] });
  });
});
