// The heart of the product: a case climbs block → community → street → department and is closed
// only by a satisfied resident. All through the gateway, as the officers' apps would do it.
import { randomUUID } from "node:crypto";
import { householdsOfBlock } from "@grassroots/demo-district";
import { sweepOverdueCases } from "@grassroots/escalations";
import type { TestClaims } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGraph, startGraph } from "./harness";
import { demoUser } from "./support/users";

let graph: RunningGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const user = demoUser;
const BLOCK = "310105001001001";
const blockMember = user("demo-block-member");
const communityWorker = user("demo-community-worker");
const streetOfficer = user("demo-street-officer");
const departmentOfficer = user("demo-department-officer"); // Civil Affairs: CIVIL_AFFAIRS and ELDERLY_CARE
const CASE = `id status tier holderCode version transfersAtTier dueAt responseDueAt commitmentDate
  clocks { sequence tier holderCode startedAt dueAt acceptedAt endedAt }
  events { sequence kind actor fromStatus toStatus fromTier toTier fromHolder toHolder reason }`;

async function act(mutation: string, input: Record<string, unknown>, as: TestClaims) {
  const response = await graph.query(
    `mutation($input: ${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $input) { ${CASE} } }`,
    { input },
    as,
  );
  if (response.errors) return { errors: response.errors, case: null };
  return { errors: undefined, case: response.data?.[mutation] };
}

async function ok(mutation: string, input: Record<string, unknown>, as: TestClaims) {
  const result = await act(mutation, input, as);
  expect(result.errors).toBeUndefined();
  return result.case;
}

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

async function raise(as: TestClaims, overrides: Record<string, unknown> = {}) {
  const household = householdsOfBlock(BLOCK, graph.scale).households[1]!;
  return ok(
    "raiseCase",
    {
      idempotencyKey: randomUUID(),
      blockCode: BLOCK,
      householdId: household.id,
      channel: "HOME_VISIT",
      category: "ELDERLY_CARE",
      description: "Elderly resident living alone needs meal delivery.",
      ...overrides,
    },
    as,
  );
}

describe("the four-tier chain through the gateway", () => {
  it("walks one case from the block to the department; only a satisfied revisit closes it", async () => {
    let c = await raise(blockMember);
    expect(c).toMatchObject({ status: "OPEN", tier: "BLOCK", holderCode: BLOCK, version: 1 });
    expect(c.events.map((e: { kind: string }) => e.kind)).toEqual(["RAISED"]);

    c = await ok(
      "acceptCase",
      { id: c.id, expectedVersion: 1, commitmentDate: today(), note: "Will visit tomorrow" },
      blockMember,
    );
    expect(c).toMatchObject({ status: "ACCEPTED", commitmentDate: today(), version: 2 });

    c = await ok(
      "escalateCase",
      { id: c.id, expectedVersion: 2, reason: "Needs a care worker the block does not have" },
      blockMember,
    );
    expect(c).toMatchObject({ status: "OPEN", tier: "COMMUNITY", holderCode: "310105001001", commitmentDate: null });

    // The block member no longer holds it.
    const notHolder = await act("acceptCase", { id: c.id, expectedVersion: 3, commitmentDate: today() }, blockMember);
    expect(notHolder.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

    c = await ok("escalateCase", { id: c.id, expectedVersion: 3, reason: "Budget decision for the street" }, communityWorker);
    expect(c).toMatchObject({ tier: "STREET", holderCode: "310105001" });
    c = await ok("escalateCase", { id: c.id, expectedVersion: 4, reason: "District service contract needed" }, streetOfficer);
    expect(c).toMatchObject({ tier: "DEPARTMENT", holderCode: "310105-civil" });

    const top = await act("escalateCase", { id: c.id, expectedVersion: 5, reason: "Higher?" }, departmentOfficer);
    expect(top.errors?.[0]?.extensions?.code).toBe("CONFLICT");

    c = await ok("acceptCase", { id: c.id, expectedVersion: 5, commitmentDate: today() }, departmentOfficer);
    c = await ok(
      "resolveCase",
      { id: c.id, expectedVersion: 6, resolution: "Meal delivery contracted, weekly check set up" },
      departmentOfficer,
    );
    expect(c.status).toBe("RESOLVED");

    // Whoever captured the case cannot vouch for the resident's satisfaction.
    const capturer = await act("recordRevisit", { id: c.id, expectedVersion: 7, outcome: "SATISFIED" }, blockMember);
    expect(capturer.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

    c = await ok(
      "recordRevisit",
      { id: c.id, expectedVersion: 7, outcome: "NOT_SATISFIED", note: "Meals arrive cold" },
      communityWorker,
    );
    expect(c).toMatchObject({ status: "OPEN", tier: "DEPARTMENT", holderCode: "310105-civil", version: 8 });

    c = await ok("acceptCase", { id: c.id, expectedVersion: 8, commitmentDate: today() }, departmentOfficer);
    c = await ok("resolveCase", { id: c.id, expectedVersion: 9, resolution: "Switched to a nearer canteen" }, departmentOfficer);
    const unreachable = await ok("recordRevisit", { id: c.id, expectedVersion: 10, outcome: "UNREACHABLE" }, communityWorker);
    expect(unreachable.status).toBe("RESOLVED");
    c = await ok("recordRevisit", { id: c.id, expectedVersion: 11, outcome: "SATISFIED" }, streetOfficer);
    expect(c.status).toBe("CLOSED");

    expect(c.events.map((e: { kind: string }) => e.kind)).toEqual([
      "RAISED",
      "ACCEPTED",
      "ESCALATED",
      "ESCALATED",
      "ESCALATED",
      "ACCEPTED",
      "RESOLVED",
      "REOPENED",
      "ACCEPTED",
      "RESOLVED",
      "REVISITED",
      "CLOSED",
    ]);
    expect(c.events.every((e: { actor: string }) => e.actor.startsWith("demo-"))).toBe(true);
    // One clock per tier reached, plus the fresh one after the unsatisfied revisit; all ended.
    expect(c.clocks.map((k: { tier: string }) => k.tier)).toEqual(["BLOCK", "COMMUNITY", "STREET", "DEPARTMENT", "DEPARTMENT"]);
    expect(c.clocks.every((k: { endedAt: string | null }) => k.endedAt !== null)).toBe(true);
    // Each tier's limit in working days: the department's 30 is later than the street's 15.
    expect(new Date(c.clocks[3].dueAt) > new Date(c.clocks[2].dueAt)).toBe(true);
  });

  it("stops transfer ping-pong: after two transfers at a tier, the tier above must arbitrate", async () => {
    let c = await raise(blockMember, { category: "NEIGHBOUR_DISPUTE" });
    c = await ok(
      "escalateCase",
      { id: c.id, expectedVersion: 1, reason: "The smell comes from the next community's pipe" },
      blockMember,
    );
    const neighbour = { ...communityWorker, sub: "neighbour-worker", scope: "310105001002" };
    c = await ok(
      "transferCase",
      { id: c.id, expectedVersion: 2, toHolder: "310105001002", reason: "Their pipe" },
      communityWorker,
    );
    expect(c).toMatchObject({ holderCode: "310105001002", transfersAtTier: 1 });
    c = await ok("transferCase", { id: c.id, expectedVersion: 3, toHolder: "310105001001", reason: "Not ours" }, neighbour);
    const third = await act(
      "transferCase",
      { id: c.id, expectedVersion: 4, toHolder: "310105001002", reason: "Yours" },
      communityWorker,
    );
    expect(third.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(third.errors?.[0]?.message).toMatch(/transferred twice.*escalate/);
    c = await ok("escalateCase", { id: c.id, expectedVersion: 4, reason: "Arbitration" }, communityWorker);
    expect(c).toMatchObject({ tier: "STREET", transfersAtTier: 0 });

    const nowhere = await act(
      "transferCase",
      { id: c.id, expectedVersion: 5, toHolder: "310105999", reason: "?" },
      streetOfficer,
    );
    expect(nowhere.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "toHolder" });
  });

  it("lets exactly one of two officers accepting at once win; the other gets CONFLICT", async () => {
    const c = await raise(blockMember);
    const colleague = { ...blockMember, sub: "another-block-member" };
    const results = await Promise.all([
      act("acceptCase", { id: c.id, expectedVersion: 1, commitmentDate: today() }, blockMember),
      act("acceptCase", { id: c.id, expectedVersion: 1, commitmentDate: today() }, colleague),
    ]);
    const winners = results.filter((result) => !result.errors);
    const losers = results.filter((result) => result.errors);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0]!.errors?.[0]?.extensions).toEqual({ code: "CONFLICT", currentVersion: 2 });
    expect(winners[0]!.case.events.filter((e: { kind: string }) => e.kind === "ACCEPTED")).toHaveLength(1);
  });

  it("validates input with clear, field-named errors", async () => {
    const c = await raise(blockMember);
    const late = await act("acceptCase", { id: c.id, expectedVersion: 1, commitmentDate: "2099-01-01" }, blockMember);
    expect(late.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "commitmentDate" });
    const noReason = await act("escalateCase", { id: c.id, expectedVersion: 1, reason: "   " }, blockMember);
    expect(noReason.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "reason" });
    const unknownBlock = await act(
      "raiseCase",
      {
        idempotencyKey: randomUUID(),
        blockCode: "310105009009009",
        channel: "HOTLINE",
        category: "OTHER",
        description: "x",
      },
      user("demo-admin"),
    );
    expect(unknownBlock.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "blockCode" });
    const elsewhere = householdsOfBlock("310105001001002", graph.scale).households[0]!;
    const wrongHousehold = await act(
      "raiseCase",
      {
        idempotencyKey: randomUUID(),
        blockCode: BLOCK,
        householdId: elsewhere.id,
        channel: "HOTLINE",
        category: "OTHER",
        description: "x",
      },
      blockMember,
    );
    expect(wrongHousehold.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "householdId" });
    const notResolvedYet = await act("recordRevisit", { id: c.id, expectedVersion: 1, outcome: "SATISFIED" }, communityWorker);
    expect(notResolvedYet.errors?.[0]?.extensions?.code).toBe("CONFLICT");
  });

  it("returns the first case for a retried raise, and refuses the key with other input", async () => {
    const input = {
      idempotencyKey: randomUUID(),
      blockCode: BLOCK,
      channel: "HOTLINE",
      category: "SANITATION",
      description: "Bins overflow",
    };
    const [first, second] = await Promise.all([ok("raiseCase", input, blockMember), ok("raiseCase", input, blockMember)]);
    expect(second.id).toBe(first.id);
    const changed = await act("raiseCase", { ...input, description: "Bins overflow again" }, blockMember);
    expect(changed.errors?.[0]?.extensions).toEqual({ code: "CONFLICT", field: "idempotencyKey" });
  });

  it("shows a household's cases and a department only the cases it holds", async () => {
    const household = householdsOfBlock(BLOCK, graph.scale).households[1]!;
    const { data } = await graph.query(
      `query($id: ID!) { household(id: $id) { id cases { id block { code } } } }`,
      { id: household.id },
      communityWorker,
    );
    expect(data?.household.cases.length).toBeGreaterThan(0);
    expect(data?.household.cases.every((c: { block: { code: string } }) => c.block.code === BLOCK)).toBe(true);

    const held = await graph.query(
      `{ cases(first: 100) { totalCount edges { node { tier holderCode description } } } }`,
      {},
      departmentOfficer,
    );
    expect(held.errors).toBeUndefined();
    expect(
      held.data?.cases.edges.every(
        (e: { node: { tier: string; holderCode: string } }) =>
          e.node.tier === "DEPARTMENT" && e.node.holderCode === "310105-civil",
      ),
    ).toBe(true);
    const analyst = await graph.query(
      `{ cases(first: 5, filter: { scope: "310105" }) { edges { node { id description events { kind } } } } }`,
      {},
      user("demo-district-analyst"),
    );
    expect(analyst.data?.cases.edges.length).toBe(5);
    expect(analyst.data?.cases.edges.every((e: { node: { description: null } }) => e.node.description === null)).toBe(true);
  });

  it("seeds cases in every state and at every tier, so the dashboard shows a live chain", async () => {
    const { data } = await graph.query(
      `{ cases(first: 100, filter: { scope: "310105" }) { totalCount edges { node { status tier } } } }`,
    );
    const pairs = new Set(
      data?.cases.edges.map((e: { node: { status: string; tier: string } }) => `${e.node.status}@${e.node.tier}`),
    );
    for (const status of ["OPEN", "ACCEPTED", "RESOLVED", "CLOSED", "WITHDRAWN"]) {
      expect([...pairs].some((pair) => (pair as string).startsWith(status))).toBe(true);
    }
    for (const tier of ["BLOCK", "COMMUNITY", "STREET", "DEPARTMENT"]) {
      expect([...pairs].some((pair) => (pair as string).endsWith(`@${tier}`) && (pair as string).startsWith("OPEN"))).toBe(true);
    }
  });
});

describe("transfers across the district and the chain that takes over", () => {
  it("escalates from the block holding the case to its own community, which may act; the escalating member still sees it", async () => {
    const otherStreetBlock = "310105002001001";
    const theirMember = { ...blockMember, sub: "other-street-member", scope: otherStreetBlock };
    const theirCommunity = { ...communityWorker, sub: "other-street-worker", scope: "310105002001" };
    let c = await raise(blockMember, { category: "SANITATION", description: "Sewage smell from the next street's pipe" });
    c = await ok(
      "transferCase",
      { id: c.id, expectedVersion: 1, toHolder: otherStreetBlock, reason: "The pipe is theirs" },
      blockMember,
    );
    expect(c).toMatchObject({ tier: "BLOCK", holderCode: otherStreetBlock });
    c = await ok("escalateCase", { id: c.id, expectedVersion: 2, reason: "Needs the community" }, theirMember);
    expect(c).toMatchObject({ tier: "COMMUNITY", holderCode: "310105002001" });

    const seen = await graph.query(`query($id: ID!) { case(id: $id) { id holderCode description } }`, { id: c.id }, theirMember);
    expect(seen.errors).toBeUndefined();
    expect(seen.data?.case).toMatchObject({
      holderCode: "310105002001",
      description: "Sewage smell from the next street's pipe",
    });
    // The raising block's chain keeps seeing it; the new holder acts.
    const raisedHere = await graph.query(`query($id: ID!) { case(id: $id) { id } }`, { id: c.id }, communityWorker);
    expect(raisedHere.data?.case?.id).toBe(c.id);
    c = await ok("acceptCase", { id: c.id, expectedVersion: 3, commitmentDate: today() }, theirCommunity);
    expect(c.status).toBe("ACCEPTED");
    const listed = await graph.query(
      `{ cases(first: 100, filter: { status: [ACCEPTED] }) { edges { node { id } } } }`,
      {},
      theirMember,
    );
    expect(listed.data?.cases.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(c.id);
    // The raising community no longer holds it.
    const notHolder = await act("escalateCase", { id: c.id, expectedVersion: 4, reason: "?" }, communityWorker);
    expect(notHolder.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("retries and races", () => {
  it("answers a retried transition with the case as it is, once, for every transition", async () => {
    const twice = async (mutation: string, input: Record<string, unknown>, as: TestClaims) => {
      const first = await ok(mutation, input, as);
      const again = await ok(mutation, input, as);
      expect(again).toEqual(first);
      return first;
    };
    let c = await raise(blockMember);
    c = await twice("acceptCase", { id: c.id, expectedVersion: 1, commitmentDate: today(), note: "Soon" }, blockMember);
    c = await twice(
      "transferCase",
      { id: c.id, expectedVersion: 2, toHolder: "310105001001002", reason: "Neighbours" },
      blockMember,
    );
    const neighbour = { ...blockMember, sub: "neighbour-member", scope: "310105001001002" };
    c = await twice("escalateCase", { id: c.id, expectedVersion: 3, reason: "Up" }, neighbour);
    c = await twice("acceptCase", { id: c.id, expectedVersion: 4, commitmentDate: today() }, communityWorker);
    c = await twice("resolveCase", { id: c.id, expectedVersion: 5, resolution: "Fixed" }, communityWorker);
    c = await twice("recordRevisit", { id: c.id, expectedVersion: 6, outcome: "UNREACHABLE" }, communityWorker);
    expect(c.version).toBe(7);
    expect(c.events.map((e: { kind: string }) => e.kind)).toEqual([
      "RAISED",
      "ACCEPTED",
      "TRANSFERRED",
      "ESCALATED",
      "ACCEPTED",
      "RESOLVED",
      "REVISITED",
    ]);
    // A retry is recognised after later changes too; other input or another actor at a stale version is a CONFLICT.
    const late = await act("acceptCase", { id: c.id, expectedVersion: 4, commitmentDate: today() }, communityWorker);
    expect(late.errors).toBeUndefined();
    expect(late.case.version).toBe(7);
    const otherInput = await act("resolveCase", { id: c.id, expectedVersion: 5, resolution: "Fixed it" }, communityWorker);
    expect(otherInput.errors?.[0]?.extensions).toEqual({ code: "CONFLICT", currentVersion: 7 });
    const otherActor = await act("recordRevisit", { id: c.id, expectedVersion: 6, outcome: "UNREACHABLE" }, streetOfficer);
    expect(otherActor.errors?.[0]?.extensions).toEqual({ code: "CONFLICT", currentVersion: 7 });

    const withdrawn = await raise(blockMember);
    const input = { id: withdrawn.id, expectedVersion: 1, reason: "Sorted out" };
    await twice("withdrawCase", input, blockMember);
  });

  it("gives the loser of an escalation race CONFLICT with the current version, not FORBIDDEN", async () => {
    const c = await raise(blockMember);
    const colleague = { ...blockMember, sub: "another-block-member" };
    const results = await Promise.all([
      act("escalateCase", { id: c.id, expectedVersion: 1, reason: "Up" }, blockMember),
      act("escalateCase", { id: c.id, expectedVersion: 1, reason: "Up" }, colleague),
    ]);
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    expect(results.find((result) => result.errors)?.errors?.[0]?.extensions).toEqual({ code: "CONFLICT", currentVersion: 2 });
  });
});

describe("arguments of the escalations schema", () => {
  const fieldOf = async (query: string, as: TestClaims = user("demo-admin")) =>
    (await graph.query(query, {}, as)).errors?.[0]?.extensions;

  it("refuses malformed cursors, page sizes, filters and periods with BAD_USER_INPUT naming the argument", async () => {
    expect(await fieldOf(`{ cases(after: "garbage") { totalCount } }`)).toEqual({ code: "BAD_USER_INPUT", field: "after" });
    expect(await fieldOf(`{ cases(before: "Yzp4fHk") { totalCount } }`)).toEqual({ code: "BAD_USER_INPUT", field: "before" });
    expect(await fieldOf(`{ cases(last: -5) { totalCount } }`)).toEqual({ code: "BAD_USER_INPUT", field: "last" });
    expect(await fieldOf(`{ cases(first: 1000) { totalCount } }`)).toEqual({ code: "BAD_USER_INPUT", field: "first" });
    expect(
      await fieldOf(
        `{ cases(filter: { raisedFrom: "2026-06-01T00:00:00Z", raisedBefore: "2026-01-01T00:00:00Z" }) { totalCount } }`,
      ),
    ).toEqual({ code: "BAD_USER_INPUT", field: "raisedBefore" });
    expect(
      await fieldOf(
        `{ district(code: "310105") { caseStats(period: { from: "2026-06-01T00:00:00Z", to: "2026-01-01T00:00:00Z" }) { raised } } }`,
      ),
    ).toEqual({ code: "BAD_USER_INPUT", field: "period" });
  });

  it("pages forwards with first/after and backwards with last/before over the same order", async () => {
    const page = async (args: string) => {
      const { data, errors } = await graph.query(
        `{ cases(${args}, filter: { scope: "310105" }) { totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
      );
      expect(errors).toBeUndefined();
      return data?.cases;
    };
    const all = await page("first: 100");
    const ids = all.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(ids.length).toBe(all.totalCount);
    const first = await page("first: 3");
    const second = await page(`first: 3, after: "${first.pageInfo.endCursor}"`);
    expect([...first.edges, ...second.edges].map((e: { node: { id: string } }) => e.node.id)).toEqual(ids.slice(0, 6));
    const back = await page(`last: 2, before: "${second.pageInfo.endCursor}"`);
    expect(back.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(ids.slice(3, 5));
    const tail = await page("last: 2");
    expect(tail.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(ids.slice(-2));
    expect(tail.pageInfo.hasPreviousPage).toBe(true);
  });
});

describe("case statistics on the dashboard", () => {
  it("shows caseStats at every level through the gateway, each level adding up to the one above", async () => {
    const FIGURES =
      "caseStats { raised open overdue closed revisits openByTier { block community street department } responseRate }";
    const { data, errors } = await graph.query(
      `{ district(code: "310105") { ${FIGURES} streets { ${FIGURES} communities { ${FIGURES} blocks { code ${FIGURES} } } } } }`,
      {},
      user("demo-district-analyst"),
    );
    expect(errors).toBeUndefined();
    const sum = (places: { caseStats: Record<string, number> }[], key: string) =>
      places.reduce((total, p) => total + p.caseStats[key]!, 0);
    const district = data?.district;
    expect(district.caseStats.raised).toBeGreaterThan(0);
    for (const key of ["raised", "open", "overdue", "closed", "revisits"]) {
      expect(sum(district.streets, key)).toBe(district.caseStats[key]);
      for (const street of district.streets) {
        expect(sum(street.communities, key)).toBe(street.caseStats[key]);
        for (const community of street.communities) expect(sum(community.blocks, key)).toBe(community.caseStats[key]);
      }
    }
    const byTier = district.caseStats.openByTier;
    expect(byTier.block + byTier.community + byTier.street + byTier.department).toBe(district.caseStats.open);
  });
});

describe("the sweeper, with the clock frozen", () => {
  it("escalates exactly the overdue cases, once, even when two run at once", async () => {
    const { prisma } = graph.subgraphs.escalations;
    const before = await prisma.case.findMany();
    // Just past the last block-tier deadline, whatever holidays lie between: every open block case is overdue.
    const blockDeadlines = before
      .filter((c) => (c.status === "OPEN" || c.status === "ACCEPTED") && c.tier === "BLOCK")
      .map((c) => c.dueAt.getTime());
    const frozen = new Date(Math.max(...blockDeadlines) + 60_000);
    const expected = before
      .filter((c) => (c.status === "OPEN" || c.status === "ACCEPTED") && c.dueAt < frozen && c.tier !== "DEPARTMENT")
      .map((c) => c.id)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    const untouched = before.filter((c) => !expected.includes(c.id));

    const [a, b] = await Promise.all([
      sweepOverdueCases(prisma, graph.directory, { now: frozen, batchSize: 3 }),
      sweepOverdueCases(prisma, graph.directory, { now: frozen, batchSize: 3 }),
    ]);
    expect(a + b).toBe(expected.length);
    expect(await sweepOverdueCases(prisma, graph.directory, { now: frozen })).toBe(0);

    const events = await prisma.caseEvent.findMany({ where: { actor: "system:sweeper" } });
    expect(events.map((e) => e.caseId).sort()).toEqual(expected);
    expect(
      events.every((e) => e.kind === "ESCALATED" && /^Overdue: the \w+ tier's time limit ended at/.test(e.reason ?? "")),
    ).toBe(true);

    const after = new Map((await prisma.case.findMany()).map((c) => [c.id, c]));
    for (const id of expected) {
      const was = before.find((c) => c.id === id)!;
      const now = after.get(id)!;
      expect(now.version).toBe(was.version + 1);
      expect(now.status).toBe("OPEN");
      expect(now.dueAt > frozen).toBe(true);
      expect(["COMMUNITY", "STREET", "DEPARTMENT"]).toContain(now.tier);
    }
    for (const c of untouched) expect(after.get(c.id)!.version).toBe(c.version);
  });
});
