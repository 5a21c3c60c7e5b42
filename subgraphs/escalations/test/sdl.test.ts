import { readFileSync } from "node:fs";
import { printSubgraphSdl } from "@grassroots/platform";
import { describe, expect, it } from "vitest";
import { escalationsSchema } from "../src/subgraph";

describe("escalations SDL", () => {
  it("prints the committed SDL (run `npm run compose` after a schema change)", () => {
    const committed = readFileSync(new URL("../schema.graphql", import.meta.url), "utf8");
    expect(printSubgraphSdl(escalationsSchema)).toBe(committed);
  });
});
