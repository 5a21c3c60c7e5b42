import { readFileSync } from "node:fs";
import { printSubgraphSdl } from "@grassroots/platform";
import { describe, expect, it } from "vitest";
import { residentsSchema } from "../src/subgraph";

describe("residents subgraph", () => {
  it("prints the committed SDL (run `npm run compose` after a schema change)", () => {
    const committed = readFileSync(new URL("../schema.graphql", import.meta.url), "utf8");
    expect(printSubgraphSdl(residentsSchema)).toBe(committed);
  });
});
