import { describe, expect, it } from "vitest";
import { demoTree, householdsOfBlock, SCALES } from "./index";

describe("demo district", () => {
  it("draws no id twice at the benchmark size (1,500 blocks, 300,000 households and their residents)", () => {
    const ids = new Set<string>();
    let count = 0;
    for (const block of demoTree(SCALES.bench).blocks) {
      const { households, residents } = householdsOfBlock(block.code, SCALES.bench);
      for (const { id } of [...households, ...residents]) {
        ids.add(id);
        count += 1;
      }
    }
    expect(count).toBeGreaterThan(900_000);
    expect(ids.size).toBe(count);
  });

  it("is the same on every run", () => {
    const block = demoTree(SCALES.demo).blocks[7]!.code;
    expect(householdsOfBlock(block, SCALES.demo)).toEqual(householdsOfBlock(block, SCALES.demo));
  });
});
