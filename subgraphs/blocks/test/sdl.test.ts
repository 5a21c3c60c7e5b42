import { readFileSync } from "node:fs";
import { DEMO_USERS } from "@grassroots/demo-district";
import { printSubgraphSdl } from "@grassroots/platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPlace } from "../src/jurisdiction/access";
import { blocksSchema } from "../src/subgraph";
import { addOtherDistrict, OTHER, type RunningBlocks, startBlocks, tree } from "./support";

let subgraph: RunningBlocks;

beforeAll(async () => {
  subgraph = await startBlocks();
  await addOtherDistrict(subgraph);
});

const ENTITIES = `query($representations: [_Any!]!) { _entities(representations: $representations) {
  ... on District { code } ... on Street { code } ... on Community { code } ... on Block { code } ... on Department { id } } }`;

const streetOfficer = (() => {
  const { does: _does, ...claims } = DEMO_USERS.find((user) => user.role === "street_officer")!;
  return claims;
})();
const partner = (() => {
  const { does: _does, ...claims } = DEMO_USERS.find((user) => user.role === "partner")!;
  return claims;
})();
afterAll(() => subgraph?.close());

describe("the blocks subgraph's SDL and entities", () => {
  it("prints the committed SDL (run `npm run compose` after a schema change)", () => {
    const committed = readFileSync(new URL("../schema.graphql", import.meta.url), "utf8");
    expect(printSubgraphSdl(blocksSchema)).toBe(committed);
  });

  it("checks readPlace on every place itself, behind each listing's and lookup's own check", () => {
    for (const name of ["District", "Street", "Community", "Block"]) {
      expect(blocksSchema.getType(name)?.extensions?.pothosOptions).toMatchObject({ authScopes: readPlace });
    }
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

  it("answers hidden and absent keys alike, each as its own null and FORBIDDEN, and a plain null within scope", async () => {
    const representations = [
      { __typename: "Block", code: "310105001001001" }, // own street, exists
      { __typename: "Block", code: "310105001009001" }, // own street, absent: plain null
      { __typename: "Block", code: "310105002001001" }, // other street, exists
      { __typename: "Block", code: "310105009001001" }, // other street, absent
      { __typename: "District", code: OTHER.district }, // other district, exists
      { __typename: "District", code: "310107" }, // other district, absent
      { __typename: "Street", code: OTHER.street },
      { __typename: "Community", code: "310107001001" },
      { __typename: "Department", id: OTHER.department },
      { __typename: "Department", id: "310107-civil" },
      { __typename: "Department", id: "310105-civil" }, // own district's
    ];
    const { data, errors } = await subgraph.query(ENTITIES, { representations }, { as: streetOfficer });
    expect(data?._entities).toEqual([
      { code: "310105001001001" },
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      { id: "310105-civil" },
    ]);
    const forbidden = { message: "You do not have access to this.", extensions: { code: "FORBIDDEN" } };
    expect(errors?.map(({ message, extensions, path }) => ({ message, extensions, path }))).toEqual(
      [2, 3, 4, 5, 6, 7, 8, 9].map((i) => ({ ...forbidden, path: ["_entities", i] })),
    );
  });

  it("shows a partner no place and no department, existing or not", async () => {
    const representations = [
      { __typename: "District", code: tree.district.code },
      { __typename: "District", code: "310107" },
      { __typename: "Block", code: tree.blocks[0]!.code },
      { __typename: "Department", id: "310105-civil" },
      { __typename: "Department", id: "310105-nothing" },
    ];
    const { data, errors } = await subgraph.query(ENTITIES, { representations }, { as: partner });
    expect(data?._entities).toEqual([null, null, null, null, null]);
    expect(errors?.map(({ extensions, path }) => [extensions?.code, path?.[1]])).toEqual(
      [0, 1, 2, 3, 4].map((i) => ["FORBIDDEN", i]),
    );
  });

  it("answers keys that name nothing (NUL bytes, numbers, missing) with null, never an internal error", async () => {
    // Keys with a NUL byte are refused whole before anything runs (the platform's check), never an internal error.
    for (const withNul of [
      { __typename: "Block", code: "310105001001\u0000\u0000\u0000" },
      { __typename: "Department", id: "310105-civil\u0000" },
    ]) {
      const refused = await subgraph.query(ENTITIES, { representations: [withNul] });
      expect(refused.errors?.[0]?.extensions).toEqual({
        code: "BAD_USER_INPUT",
        field: expect.stringMatching(/^representations\.0\./),
      });
    }
    const representations = [
      { __typename: "Block", code: 310105001001001 },
      { __typename: "Street" },
      { __typename: "Community", code: "310105001001".repeat(1000) },
      { __typename: "Department", id: { nested: true } },
      { __typename: "Department" },
    ];
    subgraph.sql.reset();
    const admin = await subgraph.query(ENTITIES, { representations });
    expect(admin.errors).toBeUndefined();
    expect(admin.data?._entities).toEqual(representations.map(() => null));
    expect(subgraph.sql.count).toBe(0);
    const officer = await subgraph.query(ENTITIES, { representations }, { as: streetOfficer });
    expect(officer.raw).not.toContain("INTERNAL_SERVER_ERROR");
    expect(officer.errors?.map(({ extensions }) => extensions?.code)).toEqual(representations.map(() => "FORBIDDEN"));
  });
});
