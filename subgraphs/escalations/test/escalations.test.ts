import { readFileSync } from "node:fs";
import { printSubgraphSdl } from "@grassroots/platform";
import { startTestSubgraph } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escalationsSubgraph } from "../src/server";

let subgraph: Awaited<ReturnType<typeof startTestSubgraph>>;
const raised = {
  id: "6f1c2a9e-3b1d-4c55-9a0e-2f4b8d7c1e01",
  blockCode: "310105001001001",
  householdId: "0d3e7f0a-1b2c-4d5e-8f90-a1b2c3d4e5f6",
  category: "WATER_SUPPLY",
  description: "Low water pressure on the top floors since the pump was replaced.",
  tier: "BLOCK" as const,
  status: "OPEN" as const,
  raisedAt: new Date("2026-11-02T01:30:00Z"),
};

beforeAll(async () => {
  subgraph = await startTestSubgraph(escalationsSubgraph, async (prisma) => {
    await prisma.case.create({ data: raised });
  });
});
afterAll(() => subgraph?.close());

describe("escalations subgraph", () => {
  it("prints the committed SDL (run `npm run compose` after a schema change)", () => {
    const committed = readFileSync(new URL("../schema.graphql", import.meta.url), "utf8");
    expect(printSubgraphSdl(escalationsSubgraph.schema)).toBe(committed);
  });

  it("resolves Case through _entities and case(id), pointing at its block and household by key", async () => {
    const expected = {
      id: raised.id,
      category: "WATER_SUPPLY",
      tier: "BLOCK",
      status: "OPEN",
      version: 1,
      raisedAt: "2026-11-02T01:30:00.000Z",
      block: { code: raised.blockCode },
      household: { id: raised.householdId },
    };
    const selection = "id category tier status version raisedAt block { code } household { id }";
    const { data, errors } = await subgraph.query(
      `query($reps: [_Any!]!, $id: ID!) {
        _entities(representations: $reps) { ... on Case { ${selection} } }
        case(id: $id) { ${selection} } }`,
      {
        reps: [
          { __typename: "Case", id: raised.id },
          { __typename: "Case", id: "00000000-0000-4000-8000-000000000000" },
        ],
        id: raised.id,
      },
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({ _entities: [expected, null], case: expected });
  });

  it("rejects a malformed id with BAD_USER_INPUT", async () => {
    const { errors } = await subgraph.query(`{ case(id: "1") { id } }`);
    expect(errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "id" });
  });
});
