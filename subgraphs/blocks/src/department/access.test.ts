import { describe, expect, it } from "vitest";
import { readDepartment } from "./access";

describe("who may read a department", () => {
  it("whoever may read its district", () => {
    expect(readDepartment({ districtCode: "310105" })).toEqual({ readPlace: "310105" });
  });
});
