// The delegates subgraph's printed SDL, as composed into the supergraph.
import { readFileSync } from "node:fs";
import { printSubgraphSdl } from "@grassroots/platform";
import { describe, expect, it } from "vitest";
import { delegatesSchema } from "../src/subgraph";

describe("delegates subgraph", () => {
  it("prints the committed SDL (run `npm run compose` after a schema change)", () => {
    const committed = readFileSync(new URL("../schema.graphql", import.meta.url), "utf8");
    expect(printSubgraphSdl(delegatesSchema)).toBe(committed);
  });
});
