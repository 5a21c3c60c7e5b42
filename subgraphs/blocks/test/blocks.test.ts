import { readFileSync } from "node:fs";
import { demoTree, SCALES, teamOfBlock } from "@grassroots/demo-district";
import { printSubgraphSdl } from "@grassroots/platform";
import { startTestSubgraph } from "@grassroots/platform/testing";
import { DEPARTMENTS } from "@grassroots/vocabulary";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blocksSubgraph, seedBlocks } from "../src/server";

const scale = SCALES.test;
const tree = demoTree(scale);
let subgraph: Awaited<ReturnType<typeof startTestSubgraph>>;

beforeAll(async () => {
  subgraph = await startTestSubgraph(blocksSubgraph, seedBlocks(scale));
});
afterAll(() => subgraph?.close());

describe("blocks subgraph", () => {
  it("prints the committed SDL (run `npm run compose` after a schema change)", () => {
    const committed = readFileSync(new URL("../schema.graphql", import.meta.url), "utf8");
    expect(printSubgraphSdl(blocksSubgraph.schema)).toBe(committed);
  });

  it("serves the tree from the district down, in code order", async () => {
    const { data, errors } = await subgraph.query(`{
      district(code: "310105") { code name level parent { code }
        streets { code name level parent { code } communities { code blocks { code name community { code } } } } } }`);
    expect(errors).toBeUndefined();
    expect(data?.district).toEqual({
      code: tree.district.code,
      name: tree.district.name,
      level: "DISTRICT",
      parent: null,
      streets: tree.streets.map((street) => ({
        code: street.code,
        name: street.name,
        level: "STREET",
        parent: { code: tree.district.code },
        communities: tree.communities
          .filter((community) => community.streetCode === street.code)
          .map((community) => ({
            code: community.code,
            blocks: tree.blocks
              .filter((block) => block.communityCode === community.code)
              .map((block) => ({ code: block.code, name: block.name, community: { code: community.code } })),
          })),
      })),
    });
  });

  it("walks the whole tree in one statement per level, however many places", async () => {
    subgraph.sql.reset();
    await subgraph.query(`{ district(code: "310105") { streets { communities { blocks { code team { name } } } } } }`);
    // district, streets, communities, blocks, team members
    expect(subgraph.sql.count).toBe(5);
  });

  it("finds any place with jurisdiction(code), typed by its level", async () => {
    const block = tree.blocks[3]!;
    const { data } = await subgraph.query(
      `query($code: ID!) { jurisdiction(code: $code) { __typename code level parent { __typename code } } }`,
      {
        code: block.code,
      },
    );
    expect(data?.jurisdiction).toEqual({
      __typename: "Block",
      code: block.code,
      level: "BLOCK",
      parent: { __typename: "Community", code: block.communityCode },
    });
  });

  it("rejects malformed codes with BAD_USER_INPUT and answers null for unknown ones", async () => {
    const malformed = await subgraph.query(`{ district(code: "31x") { code } }`);
    expect(malformed.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "code" });
    expect(malformed.errors?.[0]?.message).toMatch(/6 digits for a district/);
    const wrongLevel = await subgraph.query(`{ block(code: "310105001") { code } }`);
    expect(wrongLevel.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const unknown = await subgraph.query(
      `{ district(code: "310199") { code } jurisdiction(code: "310105999") { code } block(code: "310105001001999") { code } }`,
    );
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data).toEqual({ district: null, jurisdiction: null, block: null });
  });

  it("lists a block's team, cadre first", async () => {
    const block = tree.blocks[0]!;
    const { data } = await subgraph.query(`query($code: ID!) { block(code: $code) { team { id name role } } }`, {
      code: block.code,
    });
    const team = teamOfBlock(block.code, scale);
    expect(data?.block.team.map((member: { id: string }) => member.id).sort()).toEqual(team.map((member) => member.id).sort());
    expect(data?.block.team[0].role).toBe("COMMUNITY_CADRE");
  });

  it("routes each case category to exactly one department", async () => {
    const { data } = await subgraph.query(`{ district(code: "310105") { departments { id name categories } }
      departmentFor(districtCode: "310105", category: ELDERLY_CARE) { id } }`);
    expect(data?.district.departments).toHaveLength(DEPARTMENTS.length);
    expect(data?.departmentFor.id).toBe("310105-civil");
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
