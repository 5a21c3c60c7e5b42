import { DEPARTMENTS } from "@grassroots/vocabulary";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningBlocks, startBlocks } from "./support";

let subgraph: RunningBlocks;

beforeAll(async () => {
  subgraph = await startBlocks();
});
afterAll(() => subgraph?.close());

describe("departments", () => {
  it("routes each case category to exactly one department", async () => {
    const { data } = await subgraph.query(`{ district(code: "310105") { departments { id name categories } }
      departmentFor(districtCode: "310105", category: ELDERLY_CARE) { id } }`);
    expect(data?.district.departments).toHaveLength(DEPARTMENTS.length);
    expect(data?.departmentFor.id).toBe("310105-civil");
  });

  it("answers an admin a plain null for a department or route that does not exist", async () => {
    const { data, errors } = await subgraph.query(`{ department(id: "310105-nothing") { id }
      departmentFor(districtCode: "310107", category: HOUSING) { id } }`);
    expect(errors).toBeUndefined();
    expect(data).toEqual({ department: null, departmentFor: null });
  });

  it("refuses absurd ids and district codes with BAD_USER_INPUT naming the argument", async () => {
    const DEPARTMENT = `query($id: ID!) { department(id: $id) { id } }`;
    const ROUTE = `query($code: ID!) { departmentFor(districtCode: $code, category: HOUSING) { id } }`;
    const refusals = [
      [DEPARTMENT, { id: "310105-civil\u0000" }, "id"],
      [DEPARTMENT, { id: "\u0000" }, "id"],
      [DEPARTMENT, { id: "x".repeat(100_000) }, "id"],
      [DEPARTMENT, { id: `310105-${"a".repeat(100)}` }, "id"],
      [DEPARTMENT, { id: "civil" }, "id"],
      [DEPARTMENT, { id: "310105-CIVIL" }, "id"],
      [ROUTE, { code: "310105\u0000" }, "districtCode"],
      [ROUTE, { code: "310105001" }, "districtCode"],
      [ROUTE, { code: "9".repeat(100_000) }, "districtCode"],
    ] as const;
    for (const [query, variables, field] of refusals) {
      const { data, errors } = await subgraph.query(query, variables);
      expect({ variables, data, extensions: errors?.[0]?.extensions }).toEqual({
        variables,
        // Text with a NUL byte is refused before the operation runs (the platform's check): no data at all.
        data: JSON.stringify(variables).includes("\\u0000")
          ? undefined
          : { [query === DEPARTMENT ? "department" : "departmentFor"]: null },
        extensions: { code: "BAD_USER_INPUT", field },
      });
      expect(errors?.[0]?.message.length).toBeLessThan(200);
    }
  });

  it("keeps department ids naming their district, and routes only to a department of the district", async () => {
    const prisma = subgraph.prisma;
    await prisma.district.create({ data: { code: "310106", name: "Other District" } });
    await expect(
      prisma.department.create({ data: { id: "310105-parks", name: "Parks", districtCode: "310106" } }),
    ).rejects.toThrow();
    await expect(prisma.department.create({ data: { id: "parks", name: "Parks", districtCode: "310106" } })).rejects.toThrow();
    await expect(
      prisma.departmentCategory.create({ data: { districtCode: "310106", category: "HOUSING", departmentId: "310105-housing" } }),
    ).rejects.toThrow();
    await prisma.department.create({ data: { id: "310106-parks", name: "Parks", districtCode: "310106" } });
    await prisma.departmentCategory.create({
      data: { districtCode: "310106", category: "HOUSING", departmentId: "310106-parks" },
    });
    const { data } = await subgraph.query(`{ departmentFor(districtCode: "310106", category: HOUSING) { id } }`);
    expect(data?.departmentFor).toEqual({ id: "310106-parks" });
  });
});
