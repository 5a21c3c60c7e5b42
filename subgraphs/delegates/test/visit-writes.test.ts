// Visits at phone-fleet rate: what one logVisit and a batch of 100 cost in SQL statements, and the
// idempotency protocol of a batch (replays answered unchecked, a key twice stored once, a key used
// with other input a CONFLICT) through replayOrRunBatch.
import { randomUUID } from "node:crypto";
import {
  createDemoDirectory,
  DEMO_USERS,
  demoTree,
  householdsOfBlock,
  roomDetailsOf,
  roomIdOf,
  SCALES,
} from "@grassroots/demo-district";
import { startTestSubgraph } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDelegates } from "../src/seed";
import { createDelegatesSubgraph } from "../src/subgraph";
import { MAX_BATCH } from "../src/visit/mutations";

const scale = SCALES.test;
const tree = demoTree(scale);
// The demo directory, counting the household checks it answers.
const demoDirectory = createDemoDirectory(scale);
const checked: string[] = [];
const directory = {
  ...demoDirectory,
  householdBlock: (id: string) => {
    checked.push(id);
    return demoDirectory.householdBlock(id);
  },
};
const start = () => startTestSubgraph(createDelegatesSubgraph({ directory }), seedDelegates(scale));
let subgraph: Awaited<ReturnType<typeof start>>;

beforeAll(async () => {
  subgraph = await start();
});
afterAll(() => subgraph?.close());

const { does: _does, ...staff } = DEMO_USERS.find((user) => user.sub === "demo-room-staff")!;
const community = String(staff.place);
const block = tree.blocks.find((candidate) => candidate.communityCode === community)!;
const households = householdsOfBlock(block.code, scale).households;
const householdAt = (i: number) => households[i % households.length]!.id;

const reception = (i: number, overrides: Record<string, unknown> = {}) => ({
  idempotencyKey: randomUUID(),
  channel: "RECEPTION",
  roomId: roomIdOf(community),
  household: { id: householdAt(i), blockCode: block.code },
  delegateIds: [roomDetailsOf(community).delegates[0]!.id],
  category: "OTHER",
  summary: "Routine visit; nothing to follow up.",
  followUpNeeded: false,
  occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
  ...overrides,
});

const LOG = `mutation($input: LogVisitInput!) { logVisit(input: $input) { id summary } }`;
const LOG_MANY = `mutation($inputs: [LogVisitInput!]!) {
  logVisits(inputs: $inputs) { idempotencyKey visit { id summary } error { code field } } }`;

/**
 * The first words of each statement sent, e.g. "INSERT INTO visit"; the commit as each driver logs
 * it. A transaction's start is left out: Prisma's query log (PGlite) never reports it.
 */
const shapes = () =>
  subgraph.sql.statements
    .filter((statement) => !statement.startsWith("BEGIN"))
    .map((statement) =>
      statement.includes("COMMIT")
        ? "COMMIT"
        : statement.replaceAll('"public".', "").replaceAll('"', "").split(/\s+/).slice(0, 3).join(" "),
    );

describe("logVisit and logVisits at phone-fleet rate", () => {
  it("stores one visit with 4 statements, and 100 in one batch with as many: keys looked up, claimed, visits and their delegates inserted together", async () => {
    // Warms the room and delegates kept for a minute (room/loaders.ts).
    expect((await subgraph.query(LOG, { input: reception(0) }, { as: staff })).errors).toBeUndefined();
    subgraph.sql.reset();
    const one = await subgraph.query(LOG, { input: reception(1) }, { as: staff });
    expect(one.errors).toBeUndefined();
    const expected = ["SELECT key, request_hash,", "INSERT INTO idempotency_key", "WITH stored AS", "COMMIT"];
    expect(shapes()).toEqual(expected);

    const batch = Array.from({ length: MAX_BATCH }, (_, i) => reception(i));
    subgraph.sql.reset();
    const many = await subgraph.query(LOG_MANY, { inputs: batch }, { as: staff });
    expect(many.errors).toBeUndefined();
    expect(shapes()).toEqual(expected);
    const ids = many.data?.logVisits.map((result: { visit: { id: string } }) => result.visit.id);
    expect(new Set(ids).size).toBe(MAX_BATCH);
    expect(await subgraph.prisma.visit.count({ where: { id: { in: ids } } })).toBe(MAX_BATCH);
    expect(await subgraph.prisma.visitDelegate.count({ where: { visitId: { in: ids } } })).toBe(MAX_BATCH);
  });

  it("answers replays unchecked, stores a key sent twice once, and answers a key used with other input as CONFLICT", async () => {
    const stored = reception(2);
    const first = await subgraph.query(LOG, { input: stored }, { as: staff });
    expect(first.errors).toBeUndefined();
    const twice = reception(3);
    const otherInput = { ...twice, summary: "Something else entirely." };
    const reusedKey = { ...reception(4), idempotencyKey: stored.idempotencyKey };
    const invalid = reception(5, { summary: " " });
    const fresh = reception(6);
    checked.length = 0;
    const { data, errors } = await subgraph.query(
      LOG_MANY,
      { inputs: [stored, twice, twice, otherInput, reusedKey, invalid, fresh] },
      { as: staff },
    );
    expect(errors).toBeUndefined();
    const results = data?.logVisits as { visit: { id: string } | null; error: { code: string; field: string | null } | null }[];
    expect(results[0]).toMatchObject({ visit: { id: first.data?.logVisit.id }, error: null });
    expect(results[1]?.visit?.id).toBeTruthy();
    expect(results[2]).toMatchObject({ visit: { id: results[1]?.visit?.id }, error: null });
    expect(results[3]).toMatchObject({ visit: null, error: { code: "CONFLICT", field: "idempotencyKey" } });
    expect(results[4]).toMatchObject({ visit: null, error: { code: "CONFLICT", field: "idempotencyKey" } });
    expect(results[5]).toMatchObject({ visit: null, error: { code: "BAD_USER_INPUT", field: "summary" } });
    expect(results[6]?.visit?.id).toBeTruthy();
    // Only the new items were checked: the replay and the conflicts never reached the directory.
    expect(checked.sort()).toEqual([householdAt(3), householdAt(6)].sort());
    expect(await subgraph.prisma.visit.count({ where: { id: results[1]!.visit!.id } })).toBe(1);
  });
});
