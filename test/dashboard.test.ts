// The first user journey: a district dashboard walks the tree across two subgraphs in one query.
import { demoTree, householdsOfBlock } from "@grassroots/demo-district";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGraph, startGraph } from "./harness";

let graph: RunningGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const DASHBOARD = `query Dashboard($code: ID!) {
  district(code: $code) {
    code name householdCount
    streets { code name householdCount
      communities { code name householdCount
        blocks { code name householdCount
          households(first: 3) { edges { node { id address size needs residents { name isHead } } } } } } } } }`;

/** What the dashboard must show, recounted by brute force from the generator. */
function expectedDashboard() {
  const tree = demoTree(graph.scale);
  const blockView = (code: string, name: string) => {
    const { households, residents } = householdsOfBlock(code, graph.scale);
    const firstThree = [...households].sort((a, b) => a.id.localeCompare(b.id)).slice(0, 3);
    return {
      code,
      name,
      householdCount: households.length,
      households: {
        edges: firstThree.map((household) => ({
          node: {
            id: household.id,
            address: household.address,
            size: household.size,
            needs: household.needs,
            residents: residents
              .filter((resident) => resident.householdId === household.id)
              .sort((a, b) => Number(b.isHead) - Number(a.isHead) || a.id.localeCompare(b.id))
              .map((resident) => ({ name: resident.name, isHead: resident.isHead })),
          },
        })),
      },
    };
  };
  const count = (prefix: string) =>
    tree.blocks.filter((block) => block.code.startsWith(prefix)).length * graph.scale.householdsPerBlock;
  return {
    code: tree.district.code,
    name: tree.district.name,
    householdCount: count(tree.district.code),
    streets: tree.streets.map((street) => ({
      code: street.code,
      name: street.name,
      householdCount: count(street.code),
      communities: tree.communities
        .filter((community) => community.streetCode === street.code)
        .map((community) => ({
          code: community.code,
          name: community.name,
          householdCount: count(community.code),
          blocks: tree.blocks
            .filter((block) => block.communityCode === community.code)
            .map((block) => blockView(block.code, block.name)),
        })),
    })),
  };
}

describe("district dashboard through the gateway", () => {
  it("runs on the database the environment chose (PostgreSQL when TEST_DATABASE_URL is set)", () => {
    const expected = process.env.TEST_DATABASE_URL ? "postgres" : "pglite";
    for (const subgraph of Object.values(graph.subgraphs)) expect(subgraph.database.kind).toBe(expected);
  });

  it("answers district → streets → communities → blocks → householdCount and households, exactly as seeded", async () => {
    const { status, data, errors } = await graph.query(DASHBOARD, { code: "310105" });
    expect(status).toBe(200);
    expect(errors).toBeUndefined();
    expect(data?.district).toEqual(expectedDashboard());
  });

  it("reaches a household's block and community from the residents side of the graph", async () => {
    const block = demoTree(graph.scale).blocks[2]!;
    const household = householdsOfBlock(block.code, graph.scale).households[0]!;
    const { data, errors } = await graph.query(
      `query($id: ID!) { household(id: $id) { id block { code name community { code name } householdCount } } }`,
      { id: household.id },
    );
    expect(errors).toBeUndefined();
    expect(data?.household.block).toMatchObject({ code: block.code, name: block.name, community: { code: block.communityCode } });
    expect(data?.household.block.householdCount).toBe(graph.scale.householdsPerBlock);
  });

  it("rejects a malformed district code with BAD_USER_INPUT and answers null for an unknown one", async () => {
    const malformed = await graph.query(`{ district(code: "31x") { code } }`);
    expect(malformed.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(malformed.errors?.[0]?.message).toMatch(/not a jurisdiction code/);
    const unknown = await graph.query(`{ district(code: "310199") { code householdCount } }`);
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data).toEqual({ district: null });
  });
});
