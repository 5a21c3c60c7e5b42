import { Access, type Role } from "@grassroots/access";
import { describe, expect, it } from "vitest";
import { departmentKeyAnswer, readDepartment } from "./access";
import { checkDepartmentId, districtOfDepartmentId } from "./ids";

const viewer = (role: Role, scope: string | null) => new Access({ subject: "someone", role, scope, place: null });

describe("who may read a department", () => {
  it("whoever may read its district", () => {
    expect(readDepartment({ districtCode: "310105" })).toEqual({ readPlace: "310105" });
  });

  it("answers entity keys by the district in the id: look up, hidden, or null only for an admin's malformed id", () => {
    const block = viewer("block_member", "310105001001001");
    expect(departmentKeyAnswer(block, "310105-civil")).toBe("look up");
    expect(departmentKeyAnswer(block, "310106-civil")).toBe("hidden");
    expect(departmentKeyAnswer(block, "civil")).toBe("hidden");
    expect(departmentKeyAnswer(viewer("admin", null), "310105-\u0000")).toBe("null");
    expect(departmentKeyAnswer(viewer("admin", null), 42)).toBe("null");
    expect(departmentKeyAnswer(viewer("partner", "9b4f3c1e-8f52-4a53-9d43-7c1d2f7c0a11"), "310105-civil")).toBe("hidden");
  });
});

describe("department ids", () => {
  it("name their district", () => {
    expect(districtOfDepartmentId("310105-civil")).toBe("310105");
    expect(districtOfDepartmentId(`310105-${"a".repeat(100)}`)).toBeNull();
  });

  it("refuse a malformed argument with BAD_USER_INPUT, quoting it only when short and printable", () => {
    const refusal = (id: string) => {
      try {
        checkDepartmentId(id);
      } catch (error) {
        return error as { message: string; extensions: unknown };
      }
      throw new Error(`${id} was accepted`);
    };
    expect(refusal("civil").extensions).toEqual({ code: "BAD_USER_INPUT", field: "id" });
    expect(refusal("civil").message).toMatch(/^"civil" is not a department id: .*310105-civil/);
    expect(refusal("310105-\u0000").message).toMatch(/^This is not a department id/);
    expect(refusal("x".repeat(100_000)).message.length).toBeLessThan(200);
  });
});
