// Two machines, each with a replica of every subgraph and a gateway, on one PostgreSQL database per
// subgraph: the subgraphs keep no state of their own, so whatever reaches either machine is answered
// as if one had served everything. PostgreSQL only (vitest.config.ts runs test/postgres/ only with
// TEST_DATABASE_URL): the embedded database belongs to one process, and has no replicas.
import { randomUUID } from "node:crypto";
import { DEMO_USERS, householdsOfBlock, roomDetailsOf, roomIdOf } from "@grassroots/demo-district";
import { sweepOverdueCases } from "@grassroots/escalations";
import type { TestClaims } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ReplicatedGraph, startReplicatedGraph } from "../support/replicated-graph";
import { demoUser } from "../support/users";

let graph: ReplicatedGraph;
let a: ReplicatedGraph["machines"][number];
let b: ReplicatedGraph["machines"][number];
beforeAll(async () => {
  graph = await startReplicatedGraph();
  [a, b] = graph.machines as [typeof a, typeof b];
});
afterAll(() => graph?.close());

const { does: _does, ...staff } = DEMO_USERS.find((user) => user.role === "room_staff")! as TestClaims & { does: string };
const blockMember = demoUser("demo-block-member");
const BLOCK = String(blockMember.scope);

function reception(overrides: Record<string, unknown> = {}) {
  const community = String(staff.place);
  const household = householdsOfBlock(`${community}001`, graph.scale).households[0]!;
  return {
    idempotencyKey: randomUUID(),
    channel: "RECEPTION",
    roomId: roomIdOf(community),
    household: { id: household.id, blockCode: household.blockCode },
    delegateIds: [roomDetailsOf(community).delegates[0]!.id],
    category: "OPINION_OR_SUGGESTION",
    summary: `Replicas ${randomUUID()}`,
    followUpNeeded: false,
    occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
    ...overrides,
  };
}

const LOG_VISIT = `mutation($input: LogVisitInput!) { logVisit(input: $input) { id summary occurredAt recordedAt room { id } } }`;
const CASE = "id status tier holderCode version events { sequence kind actor }";
const RAISE = `mutation($input: RaiseCaseInput!) { raiseCase(input: $input) { ${CASE} } }`;
const ACCEPT = `mutation($input: AcceptCaseInput!) { acceptCase(input: $input) { ${CASE} } }`;
const ESCALATE = `mutation($input: EscalateCaseInput!) { escalateCase(input: $input) { ${CASE} } }`;

const raiseInput = (overrides: Record<string, unknown> = {}) => ({
  idempotencyKey: randomUUID(),
  blockCode: BLOCK,
  householdId: householdsOfBlock(BLOCK, graph.scale).households[1]!.id,
  channel: "HOME_VISIT",
  category: "ELDERLY_CARE",
  description: `Replicas: meal delivery ${randomUUID()}`,
  ...overrides,
});

describe("two replicas of every subgraph on one database each", () => {
  it("starts both machines' replicas at once on empty databases, seeded once, and each answers for the whole graph", async () => {
    const tree = `{ district(code: "310105") { householdCount streets { code communities { code } } caseStats { open } } }`;
    const [onA, onB] = await Promise.all([a.query(tree), b.query(tree)]);
    expect(onA.errors).toBeUndefined();
    // Both machines' replicas were asked to seed at once: the district is there once.
    const { streets, communitiesPerStreet, blocksPerCommunity, householdsPerBlock } = graph.scale;
    expect(onA.data?.district.householdCount).toBe(streets * communitiesPerStreet * blocksPerCommunity * householdsPerBlock);
    expect(onB).toEqual(onA);
  });

  it("replays on B an idempotency key first used on A, and refuses it there with other input", async () => {
    const input = reception();
    const first = await a.query(LOG_VISIT, { input }, staff);
    expect(first.errors).toBeUndefined();
    const replayed = await b.query(LOG_VISIT, { input }, staff);
    expect(replayed.errors).toBeUndefined();
    expect(replayed.data).toEqual(first.data);

    const other = await b.query(LOG_VISIT, { input: { ...input, summary: "Something else" } }, staff);
    expect(other.data).toBeNull();
    expect(other.errors?.[0]?.extensions).toEqual({ code: "CONFLICT", field: "idempotencyKey" });
    const stored = await a.subgraphs.delegates.prisma.visit.count({ where: { summary: input.summary } });
    expect(stored).toBe(1);
  });

  it("stores one visit when a phone's retries of one key reach both machines at once", async () => {
    const input = reception();
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).query(LOG_VISIT, { input }, staff)));
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    expect(new Set(answers.map((answer) => JSON.stringify(answer.data))).size).toBe(1);
    expect(await b.subgraphs.delegates.prisma.visit.count({ where: { summary: input.summary } })).toBe(1);
  });

  it("replays a case raised on A when the phone resends it to B, and refuses the key with other input", async () => {
    const input = raiseInput();
    const first = await a.query(RAISE, { input }, blockMember);
    expect(first.errors).toBeUndefined();
    expect(await b.query(RAISE, { input }, blockMember)).toMatchObject({ data: first.data });
    const other = await b.query(RAISE, { input: { ...input, description: "Another problem" } }, blockMember);
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "idempotencyKey" });
  });

  it("refuses on B a transition expecting the version A has just moved past, naming the current version", async () => {
    const raised = (await a.query(RAISE, { input: raiseInput() }, blockMember)).data?.raiseCase;
    expect(raised).toMatchObject({ status: "OPEN", version: 1 });
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const accept = { id: raised.id, expectedVersion: 1, commitmentDate: today, note: "Tomorrow morning" };
    const accepted = await a.query(ACCEPT, { input: accept }, blockMember);
    expect(accepted.data?.acceptCase).toMatchObject({ status: "ACCEPTED", version: 2 });

    const stale = await b.query(ESCALATE, { input: { id: raised.id, expectedVersion: 1, reason: "Up" } }, blockMember);
    expect(stale.data).toBeNull();
    expect(stale.errors?.[0]?.extensions).toEqual({ code: "CONFLICT", currentVersion: 2 });
    // The same acceptance resent to B (its answer lost on the way) is answered, not made twice.
    const resent = await b.query(ACCEPT, { input: accept }, blockMember);
    expect(resent.data).toEqual(accepted.data);
    expect(resent.data?.acceptCase.events.map((event: { kind: string }) => event.kind)).toEqual(["RAISED", "ACCEPTED"]);
  });

  it("escalates each overdue case once when both machines' sweepers run at once, again and again", async () => {
    // Twelve cases raised on each machine, one after another (one caller's requests are limited).
    const raised = (
      await Promise.all(
        [a, b].map(async (machine) => {
          const ids: string[] = [];
          for (let i = 0; i < 12; i++) {
            const answer = await machine.query(RAISE, { input: raiseInput() }, blockMember);
            expect(answer.errors).toBeUndefined();
            ids.push(answer.data?.raiseCase.id);
          }
          return ids;
        }),
      )
    ).flat();
    const prismaA = a.subgraphs.escalations.prisma;
    const prismaB = b.subgraphs.escalations.prisma;
    const before = await prismaA.case.findMany();
    const open = before.filter((c) => c.status === "OPEN" || c.status === "ACCEPTED");
    // Past every open case's deadline: every open case below the department tier is overdue.
    const frozen = new Date(Math.max(...open.map((c) => c.dueAt.getTime())) + 60_000);
    const expected = open.filter((c) => c.tier !== "DEPARTMENT").map((c) => c.id);
    expect(expected).toEqual(expect.arrayContaining(raised));

    // Each machine sweeps with its own client and connections, in small batches, three times over.
    const sweeps = await Promise.all(
      [prismaA, prismaB, prismaA, prismaB, prismaA, prismaB].map((prisma, i) =>
        sweepOverdueCases(prisma, graph.machines[i % 2]!.directory, { now: frozen, batchSize: 2 }),
      ),
    );
    expect(sweeps.reduce((sum, moved) => sum + moved, 0)).toBe(expected.length);

    const events = await prismaB.caseEvent.findMany({ where: { actor: "system:sweeper" } });
    expect(events.map((event) => event.caseId).sort()).toEqual([...expected].sort());
    const after = new Map((await prismaB.case.findMany()).map((c) => [c.id, c]));
    for (const c of before) {
      const moved = expected.includes(c.id);
      expect(after.get(c.id)!.version, c.id).toBe(c.version + (moved ? 1 : 0));
      if (moved) expect(after.get(c.id)!.dueAt > frozen).toBe(true);
    }
  });
});
