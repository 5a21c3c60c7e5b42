// Heavy dashboard reads from a real streaming replica (DATABASE_READ_URL_<SUBGRAPH>): this file
// starts its own primary and a standby of it (pg_basebackup -R, .ci/postgres.sh), the graph's four
// databases on the primary and each subgraph's read URL on the standby. One gateway runs every
// operation on its heavy lane (cost threshold 1), one none. With the standby's replay paused, what
// is written since shows through the light gateway and not through the heavy one: heavy queries are
// read from the replica, and nothing else is; writes (also heavy mutations, and the reads of their
// answers) go to the primary. Once replay catches up, both answer the same figures.
import { randomUUID } from "node:crypto";
import { DEMO_USERS, householdsOfBlock, roomDetailsOf, roomIdOf } from "@grassroots/demo-district";
import { openDatabase } from "@grassroots/platform";
import type { TestClaims } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ReplicatedGraph, startReplicatedGraph } from "../support/replicated-graph";
import { startReplicatedPostgres } from "../support/replicated-postgres";
import { demoUser } from "../support/users";

type Servers = Awaited<ReturnType<typeof startReplicatedPostgres>>;
type Gateway = Awaited<ReturnType<ReplicatedGraph["machines"][number]["startOwnGateway"]>>;
let servers: Servers;
let graph: ReplicatedGraph;
let light: ReplicatedGraph["machines"][number];
let heavy: Gateway;

beforeAll(async () => {
  servers = await startReplicatedPostgres();
  graph = await startReplicatedGraph({
    machines: 1,
    adminUrl: servers.primaryUrl,
    readUrl: servers.onStandby,
    gateway: { heavyLane: false },
  });
  light = graph.machines[0]!;
  heavy = await light.startOwnGateway({ heavyLane: { cost: 1 } });
}, 180_000);
afterAll(async () => {
  await servers?.resumeReplay().catch(() => {});
  await graph?.close();
  await servers?.stop();
});

const blockMember = demoUser("demo-block-member");
const { does: _does, ...staff } = DEMO_USERS.find((user) => user.role === "room_staff")! as TestClaims & { does: string };
const BLOCK = String(blockMember.scope);
const FIGURES = `householdCount partnerMemberCount
  visitCoverage { households visitedHouseholds rate target } pairingCoverage { householdsInNeed pairedHouseholds rate }
  caseStats { raised open overdue openByTier { block community street department } responseRate }`;
const DASHBOARD = `{ district(code: "310105") { code ${FIGURES}
  streets { code ${FIGURES} communities { code ${FIGURES} blocks { code ${FIGURES} } } } } }`;
const BLOCK_CASES = `query ($code: ID!) { block(code: $code) { caseStats { raised open } } }`;
const RAISE = `mutation($input: RaiseCaseInput!) { raiseCase(input: $input) { id status version events { kind } } }`;
// The visit's household (delegates), then that household's cases (escalations again): the plan
// reads back what the mutation has just written, in a second fetch to the same subgraph.
const RAISE_FROM_VISIT = `mutation($input: RaiseCaseInput!) {
  raiseCase(input: $input) { id originVisit { id household { id cases { id } } } } }`;
const LOG_VISIT = `mutation($input: LogVisitInput!) { logVisit(input: $input) { id household { id } } }`;

/** A reception at the staff member's room of a household of its community, needing a follow-up. */
function reception() {
  const community = String(staff.place);
  const household = householdsOfBlock(`${community}001`, graph.scale).households[0]!;
  return {
    idempotencyKey: randomUUID(),
    channel: "RECEPTION",
    roomId: roomIdOf(community),
    household: { id: household.id, blockCode: household.blockCode },
    delegateIds: [roomDetailsOf(community).delegates[0]!.id],
    category: "LIVING_DIFFICULTY",
    summary: `Read replica: broken stair rail ${randomUUID()}`,
    followUpNeeded: true,
    occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
  };
}

const raiseInput = () => ({
  idempotencyKey: randomUUID(),
  blockCode: BLOCK,
  householdId: householdsOfBlock(BLOCK, graph.scale).households[1]!.id,
  channel: "HOME_VISIT",
  category: "ELDERLY_CARE",
  description: `Read replica: meal delivery ${randomUUID()}`,
});

describe("heavy dashboard reads from a streaming read replica", () => {
  it("runs on a standby that streams from the primary", async () => {
    expect(await servers.standby("SELECT pg_is_in_recovery() AS standby")).toEqual([{ standby: true }]);
    const [sender] = await servers.primary<{ state: string }>("SELECT state FROM pg_stat_replication");
    expect(sender?.state).toBe("streaming");
    const ready = await fetch(new URL("/health/ready", light.subgraphs.escalations.url));
    expect(await ready.json()).toMatchObject({ status: "ok", readReplica: "ok" });
  });

  it("answers the whole dashboard through the heavy lane as the primary does, once replay has caught up", async () => {
    await servers.caughtUp();
    const [fromPrimary, fromReplica] = await Promise.all([light.query(DASHBOARD), heavy.query(DASHBOARD)]);
    expect(fromPrimary.errors).toBeUndefined();
    expect(fromPrimary.data?.district.streets.length).toBeGreaterThan(0);
    expect(fromReplica).toEqual(fromPrimary);
  });

  it("reads heavy queries from the replica only, writes and their answers from the primary", async () => {
    await servers.caughtUp();
    const visitInput = reception();
    const visit = (await light.query(LOG_VISIT, { input: visitInput }, staff)).data?.logVisit;
    expect(visit?.id).toBeTruthy();
    await servers.caughtUp();
    const before = (await light.query(BLOCK_CASES, { code: BLOCK })).data?.block.caseStats;
    await servers.pauseReplay();
    try {
      // A mutation through the heavy lane: written on the primary, and its answer, the follow-up
      // fetch to the same subgraph included, read back from there.
      const raised = await heavy.query(
        RAISE_FROM_VISIT,
        {
          input: {
            ...raiseInput(),
            blockCode: visitInput.household.blockCode,
            householdId: visitInput.household.id,
            visitId: visit.id,
            channel: "RECEPTION",
          },
        },
        staff,
      );
      expect(raised.errors).toBeUndefined();
      const caseId = raised.data?.raiseCase.id;
      expect(raised.data?.raiseCase.originVisit).toMatchObject({ id: visit.id, household: { id: visitInput.household.id } });
      expect(raised.data?.raiseCase.originVisit.household.cases).toContainEqual({ id: caseId });
      const written = await light.query(RAISE, { input: raiseInput() }, blockMember);
      expect(written.data?.raiseCase).toMatchObject({ status: "OPEN", version: 1, events: [{ kind: "RAISED" }] });

      // Both cases are the block member's block's (the staff's room serves the community it is in).
      const fresh = { raised: before.raised + 2, open: before.open + 2 };
      expect((await light.query(BLOCK_CASES, { code: BLOCK })).data?.block.caseStats).toEqual(fresh);
      // The standby has not replayed them: the heavy lane's answer is the replica's.
      expect((await heavy.query(BLOCK_CASES, { code: BLOCK })).data?.block.caseStats).toEqual(before);

      await servers.resumeReplay();
      await servers.caughtUp();
      expect((await heavy.query(BLOCK_CASES, { code: BLOCK })).data?.block.caseStats).toEqual(fresh);
    } finally {
      await servers.resumeReplay();
    }
  });

  it("opens the replica's connections read-only: a write sent there fails, even were the URL a primary's", async () => {
    const readOnly = await openDatabase({ url: graph.databases.escalations, readOnly: true });
    try {
      const update = readOnly.withConnection((connection) => connection.query("UPDATE calendar_year SET source = source"));
      await expect(update).rejects.toThrow(/read-only transaction/);
    } finally {
      await readOnly.close();
    }
  });
});
