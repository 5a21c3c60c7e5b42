import { readFileSync } from "node:fs";
import { printSubgraphSdl } from "@grassroots/platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blocksSchema } from "../src/subgraph";
import { type RunningBlocks, startBlocks, tree } from "./support";

let subgraph: RunningBlocks;

beforeAll(async () => {
  subgraph = await startBlocks();
});
afterAll(() => subgraph?.close());

describe("the blocks subgraph's SDL and entities", () => {
  it("prints the committed SDL (run `npm run compose` after a schema change)", () => {
    const committed = readFileSync(new URL("../schema.graphql", import.meta.url), "utf8");
    expect(printSubgraphSdl(blocksSchema)).toBe(committed);
  });

  it("resolves every entity type through _entities in one statement per type", async () => {
    const [street, community, block] = [tree.streets[1]!, tree.communities[2]!, tree.blocks[4]!];
    subgraph.sql.reset();
    const { data, errors } = await subgraph.query(
      `query($representations: [_Any!]!) { _entities(representations: $representations) {
        ... on District { code name } ... on Street { code name } ... on Community { code name }
        ... on Block { code name } ... on Department { id name } } }`,
      {
        representations: [
          { __typename: "District", code: tree.district.code },
          { __typename: "Street", code: street.code },
          { __typename: "Community", code: community.code },
          { __typename: "Block", code: block.code },
          { __typename: "Block", code: "310105009009009" },
          { __typename: "Department", id: "310105-housing" },
        ],
      },
    );
    expect(errors).toBeUndefined();
    expect(data?._entities).toEqual([
      { code: tree.district.code, name: tree.district.name },
      { code: street.code, name: street.name },
      { code: community.code, name: community.name },
      { code: block.code, name: block.name },
      null,
      { id: "310105-housing", name: "Housing Administration Bureau" },
    ]);
    expect(subgraph.sql.count).toBe(5);
  });
});
