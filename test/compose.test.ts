import { composeSupergraph, driftedFiles } from "@grassroots/schema";
import { describe, expect, it } from "vitest";

describe("composition", () => {
  it("composes the four subgraphs into one supergraph", () => {
    const { subgraphs, supergraphSdl } = composeSupergraph();
    expect(subgraphs.map(({ name }) => name)).toEqual(["blocks", "residents", "delegates", "escalations"]);
    expect(supergraphSdl).toMatch(/type Block[\s\S]*householdCount: Int!/);
  });

  it("matches the committed subgraph SDL and supergraph (run `npm run compose` after a schema change)", () => {
    expect(driftedFiles()).toEqual([]);
  });
});
