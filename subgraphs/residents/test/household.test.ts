// Households at the residents subgraph: counted and paged per place in few statements, resolved as
// entities, with bad ids, cursors and page sizes refused.
import { householdsOfBlock } from "@grassroots/demo-district";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Subgraph, scale, startResidents, tree } from "./support";

type HouseholdPage = { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

let subgraph: Subgraph;

beforeAll(async () => {
  subgraph = await startResidents();
});
afterAll(() => subgraph?.close());

const BLOCK_PAGES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Block { code householdCount
      households(first: 3) { pageInfo { hasNextPage } edges { node { id size residents { name isHead } } } } } } }`;

const blockRefs = (count: number) => tree.blocks.slice(0, count).map(({ code }) => ({ __typename: "Block", code }));

describe("households", () => {
  it("answers 60 blocks' householdCount and households(first: 3) with as many statements as 5 blocks", async () => {
    subgraph.sql.reset();
    const five = await subgraph.query(BLOCK_PAGES, { representations: blockRefs(5) });
    const forFive = subgraph.sql.count;
    subgraph.sql.reset();
    const sixty = await subgraph.query(BLOCK_PAGES, { representations: blockRefs(60) });
    const forSixty = subgraph.sql.count;

    expect(five.errors).toBeUndefined();
    expect(sixty.errors).toBeUndefined();
    expect(sixty.data?._entities).toHaveLength(60);
    expect(forSixty).toBe(forFive);
    // count, page ids, households, then residents and their household's block (for the privacy
    // decision), each loaded for all parents at once
    expect(forSixty).toBeLessThanOrEqual(6);
  });

  it("pages a block's households in id order, matching the seeded data", async () => {
    const block = tree.blocks[7]!;
    const expected = householdsOfBlock(block.code, scale)
      .households.map(({ id }) => id)
      .sort();
    const query = `query($reps: [_Any!]!, $after: String) { _entities(representations: $reps) { ... on Block {
      householdCount households(first: 2, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { data, errors } = await subgraph.query(query, { reps: [{ __typename: "Block", code: block.code }], after });
      expect(errors).toBeUndefined();
      const page: HouseholdPage = data?._entities[0].households;
      seen.push(...page.edges.map((edge) => edge.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
  });

  it("counts households under every level of place, by code prefix", async () => {
    const [street, community, block] = [tree.streets[2]!, tree.communities[5]!, tree.blocks[11]!];
    const { data } = await subgraph.query(
      `query($reps: [_Any!]!) { _entities(representations: $reps) {
        ... on District { householdCount } ... on Street { householdCount }
        ... on Community { householdCount } ... on Block { householdCount } } }`,
      {
        reps: [
          { __typename: "District", code: tree.district.code },
          { __typename: "Street", code: street.code },
          { __typename: "Community", code: community.code },
          { __typename: "Block", code: block.code },
          { __typename: "Block", code: "310105009009009" },
        ],
      },
    );
    const per = scale.householdsPerBlock;
    expect(data?._entities).toEqual([
      { householdCount: tree.blocks.length * per },
      { householdCount: scale.communitiesPerStreet * scale.blocksPerCommunity * per },
      { householdCount: scale.blocksPerCommunity * per },
      { householdCount: per },
      { householdCount: 0 },
    ]);
  });

  it("resolves Household through _entities and household(id)", async () => {
    const { households, residents } = householdsOfBlock(tree.blocks[0]!.code, scale);
    const household = households[0]!;
    const { data, errors } = await subgraph.query(
      `query($reps: [_Any!]!, $id: ID!) {
        _entities(representations: $reps) { ... on Household { id size block { code } residents { id } } }
        household(id: $id) { id address needs } }`,
      {
        reps: [
          { __typename: "Household", id: household.id },
          { __typename: "Household", id: "not-an-id" },
        ],
        id: household.id,
      },
    );
    expect(errors).toBeUndefined();
    expect(data?._entities).toEqual([
      {
        id: household.id,
        size: household.size,
        block: { code: household.blockCode },
        residents: expect.arrayContaining(residents.filter((r) => r.householdId === household.id).map((r) => ({ id: r.id }))),
      },
      null,
    ]);
    expect(data?.household).toEqual({ id: household.id, address: household.address, needs: household.needs });
  });

  it("rejects bad ids, cursors and page sizes with BAD_USER_INPUT", async () => {
    const badId = await subgraph.query(`{ household(id: "42") { id } }`);
    expect(badId.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "id" });
    const unknown = await subgraph.query(`{ household(id: "00000000-0000-4000-8000-000000000000") { id } }`);
    expect(unknown).toMatchObject({ data: { household: null } });
    const reps = [{ __typename: "Block", code: tree.blocks[0]!.code }];
    const tooMany = await subgraph.query(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Block { households(first: 500) { edges { cursor } } } } }`,
      { reps },
    );
    expect(tooMany.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "first" });
    const badCursor = await subgraph.query(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Block { households(after: "zzz") { edges { cursor } } } } }`,
      { reps },
    );
    expect(badCursor.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "after" });
  });
});
