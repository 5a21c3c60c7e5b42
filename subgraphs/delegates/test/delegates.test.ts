import { readFileSync } from "node:fs";
import { demoTree, SCALES } from "@grassroots/demo-district";
import { printSubgraphSdl } from "@grassroots/platform";
import { startTestSubgraph } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { delegatesSubgraph, seedDelegates } from "../src/server";

const scale = SCALES.test;
const tree = demoTree(scale);
let subgraph: Awaited<ReturnType<typeof startTestSubgraph>>;

beforeAll(async () => {
  subgraph = await startTestSubgraph(delegatesSubgraph, seedDelegates(scale));
});
afterAll(() => subgraph?.close());

describe("delegates subgraph", () => {
  it("prints the committed SDL (run `npm run compose` after a schema change)", () => {
    const committed = readFileSync(new URL("../schema.graphql", import.meta.url), "utf8");
    expect(printSubgraphSdl(delegatesSubgraph.schema)).toBe(committed);
  });

  it("lists the rooms within a scope and resolves DelegateRoom through _entities", async () => {
    const street = tree.streets[0]!;
    const { data } = await subgraph.query(`query($scope: ID!) { rooms(scope: $scope) { id name placeCode } }`, {
      scope: street.code,
    });
    const communities = tree.communities.filter((community) => community.streetCode === street.code);
    expect(data?.rooms.map((room: { placeCode: string }) => room.placeCode)).toEqual(communities.map(({ code }) => code));

    const room = data?.rooms[1];
    subgraph.sql.reset();
    const entities = await subgraph.query(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on DelegateRoom { id name placeCode } } }`,
      {
        reps: [
          { __typename: "DelegateRoom", id: room.id },
          { __typename: "DelegateRoom", id: "00000000-0000-4000-8000-000000000000" },
        ],
      },
    );
    expect(entities.data?._entities).toEqual([room, null]);
    expect(subgraph.sql.count).toBe(1);
    const direct = await subgraph.query(`query($id: ID!) { room(id: $id) { id } }`, { id: room.id });
    expect(direct.data?.room).toEqual({ id: room.id });
  });

  it("rejects a malformed scope or id with BAD_USER_INPUT", async () => {
    const scope = await subgraph.query(`{ rooms(scope: "abc") { id } }`);
    expect(scope.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "scope" });
    const id = await subgraph.query(`{ room(id: "abc") { id } }`);
    expect(id.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "id" });
  });
});
