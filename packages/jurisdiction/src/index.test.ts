import { describe, expect, it } from "vitest";
import { blockCodeRange, blockCodeSpan, codeProblem, contains, levelOf, parentOf, pathOf } from "./index";

describe("jurisdiction codes", () => {
  it("derives the level from the length", () => {
    expect(levelOf("310105")).toBe("DISTRICT");
    expect(levelOf("310105001")).toBe("STREET");
    expect(levelOf("310105001001")).toBe("COMMUNITY");
    expect(levelOf("310105001001003")).toBe("BLOCK");
    expect(levelOf("31x")).toBeNull();
    expect(levelOf("3101050")).toBeNull();
    expect(levelOf("")).toBeNull();
  });

  it("spans the blocks of places of any levels, in any order", () => {
    expect(blockCodeSpan(["310105002001", "310105001001003", "310105002"])).toEqual({
      from: "310105001001003",
      to: "310105002999999",
    });
    expect(blockCodeSpan(["310105"])).toEqual({ from: "310105000000000", to: "310105999999999" });
    expect(() => blockCodeSpan([])).toThrow(/at least one code/);
  });

  it("explains malformed and wrong-level codes", () => {
    expect(codeProblem("31x")).toMatch(/not a jurisdiction code/);
    expect(codeProblem("310105001", "DISTRICT")).toMatch(/street code; a district code has 6 digits/);
    expect(codeProblem("310105", "DISTRICT")).toBeNull();
  });

  it("derives the path and parent without a lookup", () => {
    expect(pathOf("310105001001003")).toEqual(["310105", "310105001", "310105001001", "310105001001003"]);
    expect(parentOf("310105001001")).toBe("310105001");
    expect(parentOf("310105")).toBeNull();
    expect(contains("310105001", "310105001002004")).toBe(true);
    expect(contains("310105001", "310105002002004")).toBe(false);
  });

  it("turns a place into the range of its block codes", () => {
    expect(blockCodeRange("310105001")).toEqual({ from: "310105001000000", to: "310105001999999" });
  });
});
