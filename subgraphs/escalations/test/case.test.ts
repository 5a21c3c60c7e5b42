import { casesOfBlock, createDemoDirectory, demoTree, SCALES } from "@grassroots/demo-district";
import { startTestSubgraph } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedEscalations } from "../src/seed";
import { createEscalationsSubgraph } from "../src/subgraph";

const scale = SCALES.test;
const subgraphDefinition = createEscalationsSubgraph({ directory: createDemoDirectory(scale) });
let subgraph: Awaited<ReturnType<typeof startTestSubgraph>>;

beforeAll(async () => {
  subgraph = await startTestSubgraph(subgraphDefinition, seedEscalations(scale));
});
afterAll(() => subgraph?.close());

describe("escalations subgraph", () => {
  it("resolves Case through _entities and case(id), pointing at its block and household by key", async () => {
    const seeded = casesOfBlock(demoTree(scale).blocks[0]!.code, scale)[0]!;
    const selection = "id category channel description block { code } household { id } events { kind }";
    const { data, errors } = await subgraph.query(
      `query($reps: [_Any!]!, $id: ID!) {
        _entities(representations: $reps) { ... on Case { ${selection} } }
        case(id: $id) { ${selection} } }`,
      {
        reps: [
          { __typename: "Case", id: seeded.id },
          { __typename: "Case", id: "00000000-0000-4000-8000-000000000000" },
        ],
        id: seeded.id,
      },
    );
    expect(errors).toBeUndefined();
    const expected = {
      id: seeded.id,
      category: seeded.category,
      channel: seeded.channel,
      description: seeded.description,
      block: { code: seeded.blockCode },
      household: { id: seeded.householdId },
      events: [{ kind: "RAISED" }],
    };
    expect(data).toEqual({ _entities: [expected, null], case: expected });
  });

  it("rejects a malformed id with BAD_USER_INPUT", async () => {
    const { errors } = await subgraph.query(`{ case(id: "1") { id } }`);
    expect(errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "id" });
  });
});
