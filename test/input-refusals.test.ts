// Input no database could store is refused as the caller's mistake (BAD_USER_INPUT naming the
// argument path), never answered as our failure: text with a NUL byte, which PostgreSQL cannot
// keep, and DateTime values outside years 1–9999 or not on the calendar.
import { randomUUID } from "node:crypto";
import { demoTree, householdsOfBlock, roomDetailsOf, roomIdOf } from "@grassroots/demo-district";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGraph, startGraph } from "./harness";
import { expectNothingInternal } from "./support/leaks";
import { demoUser } from "./support/users";

let graph: RunningGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const NUL = "\u0000";
const staff = demoUser("demo-room-staff");
const blockMember = demoUser("demo-block-member");
const community = String(staff.place);

/** A reception at the staff member's room, valid as it stands. */
function visit(overrides: Record<string, unknown> = {}) {
  const block = demoTree(graph.scale).blocks.find((candidate) => candidate.communityCode === community)!;
  const household = householdsOfBlock(block.code, graph.scale).households[0]!;
  return {
    idempotencyKey: randomUUID(),
    channel: "RECEPTION",
    roomId: roomIdOf(community),
    household: { id: household.id, blockCode: block.code },
    delegateIds: [roomDetailsOf(community).delegates[0]!.id],
    category: "OPINION_OR_SUGGESTION",
    summary: `Benches along the lane ${randomUUID()}`,
    followUpNeeded: false,
    occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
    ...overrides,
  };
}

/** A case raised in the block member's block, valid as it stands. */
function newCase(overrides: Record<string, unknown> = {}) {
  return {
    idempotencyKey: randomUUID(),
    blockCode: String(blockMember.scope),
    channel: "HOTLINE",
    category: "SANITATION",
    description: "Bins overflow by the east gate.",
    ...overrides,
  };
}

const LOG_VISIT = `mutation($input: LogVisitInput!) { logVisit(input: $input) { id summary occurredAt } }`;
const LOG_VISITS = `mutation($inputs: [LogVisitInput!]!) { logVisits(inputs: $inputs) { visit { id } error { code field } } }`;
const RAISE_CASE = `mutation($input: RaiseCaseInput!) { raiseCase(input: $input) { id } }`;

/** The one error of a refused request, as the client sees it, with nothing internal in the body. */
function refusal(response: { data?: unknown; errors?: { extensions?: Record<string, unknown> }[]; raw: string }) {
  expectNothingInternal(response.raw);
  expect(response.data ?? null).toBeNull();
  expect(response.errors).toHaveLength(1);
  return response.errors![0]!.extensions;
}

describe("text with a NUL byte", () => {
  it("is refused in a mutation's input, naming the input field (raiseCase, logVisit)", async () => {
    const raised = await graph.query(RAISE_CASE, { input: newCase({ description: `Bins${NUL} overflow` }) }, blockMember);
    expect(refusal(raised)).toEqual({ code: "BAD_USER_INPUT", field: "input.description" });

    const marker = randomUUID();
    const logged = await graph.query(LOG_VISIT, { input: visit({ summary: `Benches${NUL} ${marker}` }) }, staff);
    expect(refusal(logged)).toEqual({ code: "BAD_USER_INPUT", field: "input.summary" });
    expect(await graph.subgraphs.delegates.prisma.visit.count({ where: { summary: { contains: marker } } })).toBe(0);

    // The same inputs without the NUL byte are stored: nothing else about them was wrong.
    expect((await graph.query(RAISE_CASE, { input: newCase() }, blockMember)).errors).toBeUndefined();
    const clean = await graph.query(LOG_VISIT, { input: visit() }, staff);
    expect(clean.errors).toBeUndefined();
  });

  it("is refused inside lists of IDs, list items and keys, naming the position", async () => {
    const delegateIds = [roomDetailsOf(community).delegates[0]!.id, `${roomDetailsOf(community).delegates[1]!.id}${NUL}`];
    const listed = await graph.query(LOG_VISIT, { input: visit({ delegateIds }) }, staff);
    expect(refusal(listed)).toEqual({ code: "BAD_USER_INPUT", field: "input.delegateIds.1" });

    // A queued batch is answered per item: the unstorable item is refused on its own, the others are stored.
    const batch = await graph.query(LOG_VISITS, { inputs: [visit(), visit({ idempotencyKey: `key${NUL}` })] }, staff);
    expectNothingInternal(batch.raw);
    expect(batch.errors).toBeUndefined();
    expect(batch.data?.logVisits[0].visit.id).toEqual(expect.any(String));
    expect(batch.data?.logVisits[1]).toMatchObject({ visit: null, error: { code: "BAD_USER_INPUT", field: "idempotencyKey" } });
  });

  it("is refused in literal arguments and in variables inside literal input objects", async () => {
    const literal = await graph.query(`{ district(code: "310105\\u0000") { code } }`);
    expect(refusal(literal)).toEqual({ code: "BAD_USER_INPUT", field: "code" });

    const nested = await graph.query(
      `mutation($description: String!, $block: ID!) {
        raiseCase(input: { idempotencyKey: "${randomUUID()}", blockCode: $block, channel: HOTLINE, category: SANITATION,
          description: $description }) { id } }`,
      { description: `Bins${NUL}`, block: blockMember.scope },
      blockMember,
    );
    expect(refusal(nested)).toEqual({ code: "BAD_USER_INPUT", field: "input.description" });

    const defaulted = await graph.query(`query($code: ID! = "310105\\u0000") { district(code: $code) { code } }`);
    expect(refusal(defaulted)).toEqual({ code: "BAD_USER_INPUT", field: "code" });
  });

  it("is refused by every subgraph itself, for a request that reaches it with the gateway secret", async () => {
    const asked = {
      blocks: [`query($code: ID!) { district(code: $code) { code } }`, { code: `310105${NUL}` }, "code"],
      residents: [`query($id: ID!) { household(id: $id) { id } }`, { id: `${randomUUID()}${NUL}` }, "id"],
      delegates: [LOG_VISIT, { input: visit({ summary: `Benches${NUL}` }) }, "input.summary"],
      escalations: [RAISE_CASE, { input: newCase({ description: `Bins${NUL}` }) }, "input.description"],
    } as const;
    for (const [name, [query, variables, field]] of Object.entries(asked)) {
      const response = await graph.subgraphs[name as keyof typeof asked].query(query, variables, { as: staff });
      expect({ name, status: response.status, extensions: refusal(response) }).toEqual({
        name,
        status: 400,
        extensions: { code: "BAD_USER_INPUT", field },
      });
      expect(response.errors?.[0]?.message).toMatch(/NUL/);
    }
  });
});

describe("DateTime values outside years 1–9999 or not on the calendar", () => {
  const refused = [
    "2026-13-01T00:00:00Z",
    "2026-02-30T00:00:00Z",
    "0000-01-01T00:00:00Z",
    "10000-01-01T00:00:00Z",
    "+275760-09-13T00:00:00Z",
  ];

  it.each(refused)("refuses logVisit's occurredAt %s as BAD_USER_INPUT naming input.occurredAt", async (occurredAt) => {
    const response = await graph.query(LOG_VISIT, { input: visit({ occurredAt }) }, staff);
    expect(refusal(response)).toEqual({ code: "BAD_USER_INPUT", field: "input.occurredAt" });
    expect(response.errors?.[0]?.message).toMatch(/DateTime/);
  });

  it.each(refused)("refuses caseStats(period: { from: %s }) written in the query, naming period.from", async (from) => {
    const response = await graph.query(`{ district(code: "310105") { code caseStats(period: { from: "${from}" }) { raised } } }`);
    expect(refusal(response)).toEqual({ code: "BAD_USER_INPUT", field: "period.from" });
  });

  it("refuses the same in a filter's variable, and accepts the edges of the range", async () => {
    const VISITS = `query($filter: VisitFilter) { visits(filter: $filter, first: 1) { edges { node { id } } } }`;
    const late = await graph.query(VISITS, { filter: { scope: community, occurredBefore: "10000-01-01T00:00:00Z" } }, staff);
    expect(refusal(late)).toEqual({ code: "BAD_USER_INPUT", field: "filter.occurredBefore" });
    const edges = { scope: community, occurredFrom: "0001-01-01T00:00:00Z", occurredBefore: "9999-12-31T23:59:59.999Z" };
    const accepted = await graph.query(VISITS, { filter: edges }, staff);
    expect(accepted.errors).toBeUndefined();
  });

  it("is refused by the subgraph itself with the field named", async () => {
    const response = await graph.subgraphs.delegates.query(
      LOG_VISIT,
      { input: visit({ occurredAt: "0000-01-01T00:00:00Z" }) },
      { as: staff },
    );
    expect(response.status).toBe(400);
    expect(refusal(response)).toEqual({ code: "BAD_USER_INPUT", field: "input.occurredAt" });
  });
});

// The gateway and the subgraphs weigh an operation's cost once per document and the variables a
// cost depends on (first, last, if): the weighing no longer sees every variable, and what does not
// fit the operation must still be refused as the caller's mistake, however often it was weighed.
describe("variables that do not fit the operation, after it was weighed", () => {
  it("are refused with 400 BAD_USER_INPUT, never as our failure", async () => {
    expect((await graph.query(LOG_VISIT, { input: visit() }, staff)).errors).toBeUndefined();
    for (const input of [{ ...visit(), followUpNeeded: "perhaps" }, { ...visit(), channel: "PIGEON" }, { summary: "only" }]) {
      const response = await graph.query(LOG_VISIT, { input }, staff);
      expectNothingInternal(response.raw);
      expect(response.status).toBe(400);
      expect(response.errors?.length).toBeGreaterThan(0);
      for (const error of response.errors ?? []) expect(error.extensions?.code).toBe("BAD_USER_INPUT");
    }
  });
});
