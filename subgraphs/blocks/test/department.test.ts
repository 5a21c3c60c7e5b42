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
});
