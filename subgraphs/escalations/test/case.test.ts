import { randomUUID } from "node:crypto";
import { casesOfBlock, createDemoDirectory, demoTree, householdsOfBlock, SCALES } from "@grassroots/demo-district";
import type { Directory } from "@grassroots/directory";
import { startTestSubgraph } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedEscalations } from "../src/seed";
import { createEscalationsSubgraph, type EscalationsPrisma } from "../src/subgraph";

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

describe("look-ups in other subgraphs", () => {
  // Each look-up first tries to lock the case itself, without waiting: it fails, or on PGlite's
  // single connection cannot even start, while a transition holds the row.
  const demo = createDemoDirectory(scale);
  const lookups: string[] = [];
  let probe = "00000000-0000-4000-8000-000000000000";
  let lockable: Awaited<ReturnType<typeof startTestSubgraph<EscalationsPrisma, any>>>;
  const checked =
    <Args extends unknown[], Result>(name: string, lookup: (...args: Args) => Promise<Result>) =>
    async (...args: Args) => {
      const attempt = lockable.prisma.$queryRaw`SELECT id FROM "case" WHERE id = ${probe}::uuid FOR UPDATE NOWAIT`;
      const free = await Promise.race([
        attempt.then(
          () => true,
          () => false,
        ),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3000)),
      ]);
      lookups.push(`${name}:${free ? "free" : "locked"}`);
      return lookup(...args);
    };
  const directory: Directory = {
    ...demo,
    placeExists: checked("placeExists", demo.placeExists),
    householdBlock: checked("householdBlock", demo.householdBlock),
    departmentFor: checked("departmentFor", demo.departmentFor),
    departmentExists: checked("departmentExists", demo.departmentExists),
  };

  beforeAll(async () => {
    lockable = await startTestSubgraph(createEscalationsSubgraph({ directory }));
  });
  afterAll(() => lockable?.close());

  it("happen before the case row is locked: raising, transferring and routing to a department", async () => {
    const block = demoTree(scale).blocks[0]!.code;
    const household = householdsOfBlock(block, scale).households[0]!;
    const act = async (mutation: string, input: Record<string, unknown>) => {
      const type = `${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input`;
      const { data, errors } = await lockable.query(`mutation($input: ${type}!) { ${mutation}(input: $input) { id version } }`, {
        input,
      });
      expect(errors).toBeUndefined();
      return data?.[mutation] as { id: string; version: number };
    };
    let c = await act("raiseCase", {
      idempotencyKey: randomUUID(),
      blockCode: block,
      householdId: household.id,
      channel: "HOTLINE",
      category: "HOUSING",
      description: "Leaking roof",
    });
    probe = c.id;
    c = await act("transferCase", { id: c.id, expectedVersion: 1, toHolder: demoTree(scale).blocks[1]!.code, reason: "Theirs" });
    for (let step = 0; step < 3; step++) c = await act("escalateCase", { id: c.id, expectedVersion: c.version, reason: "Up" });
    expect(lookups).toEqual(expect.arrayContaining(["placeExists:free", "householdBlock:free", "departmentFor:free"]));
    expect(lookups.filter((entry) => entry.endsWith(":locked"))).toEqual([]);
  });
});
