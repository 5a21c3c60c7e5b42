// Delegate-office staff through the gateway: logging visits from a phone that retries and queues,
// reading a household's visits across subgraphs, raising a case from a visit, and the district
// dashboard's visit coverage over 60 blocks.
import { randomUUID } from "node:crypto";
import { DEMO_USERS, demoTree, householdsOfBlock, roomDetailsOf, roomIdOf, SCALES } from "@grassroots/demo-district";
import type { TestClaims } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGraph, startGraph } from "./harness";
import { expectNothingInternal } from "./support/leaks";

// The demo district's 60 blocks, with few households each so the graph seeds in a blink.
const scale = { ...SCALES.demo, householdsPerBlock: 5 };
const tree = demoTree(scale);
let graph: RunningGraph;
beforeAll(async () => {
  graph = await startGraph({ scale });
});
afterAll(() => graph?.close());

const { does: _does, ...staff } = DEMO_USERS.find((user) => user.role === "room_staff")! as TestClaims & { does: string };
const community = String(staff.place);
const room = roomIdOf(community);
const blocks = tree.blocks.filter((block) => block.communityCode === community);
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

/** A reception at the staff member's room of the i-th household of the community's blocks. */
function reception(i: number, overrides: Record<string, unknown> = {}) {
  const block = blocks[i % blocks.length]!;
  const household = householdsOfBlock(block.code, scale).households[Math.floor(i / blocks.length) % scale.householdsPerBlock]!;
  return {
    idempotencyKey: randomUUID(),
    channel: "RECEPTION",
    roomId: room,
    household: { id: household.id, blockCode: block.code },
    delegateIds: [roomDetailsOf(community).delegates[i % 3]!.id],
    category: "OPINION_OR_SUGGESTION",
    summary: `Suggestion ${i}: more benches along the lane.`,
    followUpNeeded: false,
    occurredAt: hoursAgo(1 + i / 10),
    ...overrides,
  };
}

const LOG = `mutation($input: LogVisitInput!) { logVisit(input: $input) {
  id channel placeCode summary occurredAt recordedAt room { id name } delegates { id name } } }`;

describe("logging visits from a phone on a bad network", () => {
  it("stores one visit for 50 concurrent identical calls with one key, answering all 50 alike", async () => {
    const input = reception(0, { summary: `Fifty retries ${randomUUID()}` });
    const responses = await Promise.all(Array.from({ length: 50 }, () => graph.query(LOG, { input }, staff)));
    for (const response of responses) expect(response.errors).toBeUndefined();
    const answers = new Set(responses.map((response) => JSON.stringify(response.data)));
    expect(answers.size).toBe(1);
    expect(responses[0]?.data?.logVisit).toMatchObject({
      room: { id: room },
      summary: input.summary,
      occurredAt: input.occurredAt,
    });
    expect(await graph.subgraphs.delegates.prisma.visit.count({ where: { summary: input.summary } })).toBe(1);

    const changed = await graph.query(LOG, { input: { ...input, summary: "Something else" } }, staff);
    expectNothingInternal(changed.raw);
    expect(changed.data).toBeNull();
    expect(changed.errors?.[0]?.extensions).toEqual({ code: "CONFLICT", field: "idempotencyKey" });
    expect(changed.errors?.[0]?.message).toMatch(/already used for a different logVisit; use a new key/);
  });

  it("stores the 97 valid visits of a queued batch of 100 and answers the 3 invalid ones per item", async () => {
    const batch = `Batch ${randomUUID()}`;
    const inputs: Record<string, any>[] = Array.from({ length: 100 }, (_, i) => reception(i, { summary: `${batch} #${i}` }));
    inputs[7] = { ...inputs[7]!, occurredAt: hoursAgo(-2) };
    inputs[42] = { ...inputs[42]!, household: undefined, walkIn: { name: "王芳", phone: "not a phone" } };
    inputs[93] = { ...inputs[93]!, channel: "HOME_VISIT" };
    const LOG_BATCH = `mutation($inputs: [LogVisitInput!]!) { logVisits(inputs: $inputs) {
      idempotencyKey visit { id summary } error { code message field } } }`;

    const { data, errors, raw } = await graph.query(LOG_BATCH, { inputs }, staff);
    expect(errors).toBeUndefined();
    expectNothingInternal(raw);
    const results = data?.logVisits as { idempotencyKey: string; visit: { id: string; summary: string } | null; error: any }[];
    expect(results.map((result) => result.idempotencyKey)).toEqual(inputs.map((input) => input.idempotencyKey));
    const failed = results.flatMap((result, i) => (result.error ? [{ i, ...result.error, visit: result.visit }] : []));
    expect(failed).toEqual([
      { i: 7, code: "BAD_USER_INPUT", field: "occurredAt", message: expect.stringMatching(/future/), visit: null },
      { i: 42, code: "BAD_USER_INPUT", field: "walkIn.phone", message: expect.stringMatching(/mobile number/), visit: null },
      { i: 93, code: "BAD_USER_INPUT", field: "roomId", message: expect.stringMatching(/home visit has no room/), visit: null },
    ]);
    const stored = results.filter((result) => result.visit);
    expect(stored).toHaveLength(97);
    for (const result of stored) expect(result.visit?.summary).toBe(inputs[results.indexOf(result)]!.summary);
    expect(await graph.subgraphs.delegates.prisma.visit.count({ where: { summary: { startsWith: batch } } })).toBe(97);

    // The phone did not hear back and sends the whole queue again: the same 97 visits, nothing new.
    const retry = await graph.query(LOG_BATCH, { inputs }, staff);
    expect(retry.data?.logVisits).toEqual(results);
    expect(await graph.subgraphs.delegates.prisma.visit.count({ where: { summary: { startsWith: batch } } })).toBe(97);
  });
});

describe("households and blocks are checked with the subgraphs that own them", () => {
  it("refuses a visit to a household that does not exist, or not in the block given", async () => {
    const madeUp = reception(5);
    madeUp.household = { ...madeUp.household, id: randomUUID() };
    const unknown = await graph.query(LOG, { input: madeUp }, staff);
    expect(unknown.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "household.id" });

    const real = reception(6);
    const otherBlock = blocks.find((block) => block.code !== real.household.blockCode)!.code;
    const misfiled = await graph.query(
      LOG,
      { input: { ...real, household: { ...real.household, blockCode: otherBlock } } },
      staff,
    );
    expect(misfiled.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "household.id" });
    expect(await graph.subgraphs.delegates.prisma.visit.count({ where: { householdId: madeUp.household.id } })).toBe(0);
  });
});

describe("retries of what was stored", () => {
  it("answers a retry with the stored visit even when the same input would no longer be accepted", async () => {
    const input = reception(4, { summary: `Retry after moving rooms ${randomUUID()}` });
    const first = await graph.query(LOG, { input }, staff);
    expect(first.errors).toBeUndefined();
    // The same staff member now works in another community's room: a new visit there would be refused.
    const elsewhere = tree.communities.find((c) => c.code !== community)!.code;
    const moved = { ...staff, scope: roomIdOf(elsewhere), place: elsewhere };
    const fresh = await graph.query(LOG, { input: { ...input, idempotencyKey: randomUUID() } }, moved);
    expect(fresh.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    // The phone only needs to learn that its visit is stored; the old room is no longer theirs to read.
    const retry = await graph.query(
      `mutation($input: LogVisitInput!) { logVisit(input: $input) { id summary } }`,
      { input },
      moved,
    );
    expect(retry.errors).toBeUndefined();
    expect(retry.data?.logVisit).toEqual({ id: first.data?.logVisit.id, summary: input.summary });
  });
});

describe("visits across the graph", () => {
  it("shows a household's visits with the household's own data, in one query through the gateway", async () => {
    const input = reception(1, { summary: `Across the graph ${randomUUID()}` });
    const logged = await graph.query(LOG, { input }, staff);
    const { data, errors } = await graph.query(
      `query($id: ID!) { household(id: $id) { id address
        visits(first: 1) { edges { node { id summary room { name } household { id size } block { code name } } } } } }`,
      { id: input.household.id },
      staff,
    );
    expect(errors).toBeUndefined();
    const household = householdsOfBlock(input.household.blockCode, scale).households.find((h) => h.id === input.household.id)!;
    const block = tree.blocks.find((b) => b.code === input.household.blockCode)!;
    expect(data?.household).toEqual({
      id: household.id,
      address: household.address,
      visits: {
        edges: [
          {
            node: {
              id: logged.data?.logVisit.id,
              summary: input.summary,
              room: { name: logged.data?.logVisit.room.name },
              household: { id: household.id, size: household.size },
              block: { code: block.code, name: block.name },
            },
          },
        ],
      },
    });
  });

  it("raises a case from a visit, records the follow-up, and the visit leaves the list still waiting for a case", async () => {
    const input = reception(2, { followUpNeeded: true, category: "LIVING_DIFFICULTY", summary: `Leaking roof ${randomUUID()}` });
    const visit = (await graph.query(LOG, { input }, staff)).data?.logVisit;
    const WAITING = `query($scope: ID!) { visits(filter: { scope: $scope, followUpNeeded: true, followedUp: false }, first: 100) {
      edges { node { id } } } }`;
    const waiting = async () =>
      ((await graph.query(WAITING, { scope: community }, staff)).data?.visits.edges ?? []).map((edge: any) => edge.node.id);
    expect(await waiting()).toContain(visit.id);

    const raised = await graph.query(
      `mutation($input: RaiseCaseInput!) { raiseCase(input: $input) { id status } }`,
      {
        input: {
          idempotencyKey: randomUUID(),
          blockCode: input.household.blockCode,
          householdId: input.household.id,
          visitId: visit.id,
          channel: "RECEPTION",
          category: "HOUSING",
          description: input.summary,
        },
      },
      staff,
    );
    expect(raised.errors).toBeUndefined();
    const recorded = await graph.query(
      `mutation($visitId: ID!, $caseId: ID!) { recordVisitFollowUp(visitId: $visitId, caseId: $caseId) { id followedUp } }`,
      { visitId: visit.id, caseId: raised.data?.raiseCase.id },
      staff,
    );
    expect(recorded.data).toEqual({ recordVisitFollowUp: { id: visit.id, followedUp: true } });
    expect(await waiting()).not.toContain(visit.id);
  });

  it("raises a case and records it on its visit in one operation; the case shows its origin visit in one query", async () => {
    const input = reception(3, {
      followUpNeeded: true,
      category: "LIVING_DIFFICULTY",
      summary: `Broken stair rail ${randomUUID()}`,
    });
    const visit = (await graph.query(LOG, { input }, staff)).data?.logVisit;
    const caseId = randomUUID();
    const both = await graph.query(
      `mutation($raise: RaiseCaseInput!, $visitId: ID!, $caseId: ID!) {
        raiseCase(input: $raise) { id originVisit { id } }
        recordVisitFollowUp(visitId: $visitId, caseId: $caseId) { id followedUp } }`,
      {
        raise: {
          id: caseId,
          idempotencyKey: randomUUID(),
          blockCode: input.household.blockCode,
          householdId: input.household.id,
          visitId: visit.id,
          channel: "RECEPTION",
          category: "HOUSING",
          description: input.summary,
        },
        visitId: visit.id,
        caseId,
      },
      staff,
    );
    expect(both.errors).toBeUndefined();
    expect(both.data).toEqual({
      raiseCase: { id: caseId, originVisit: { id: visit.id } },
      recordVisitFollowUp: { id: visit.id, followedUp: true },
    });

    // One query through the gateway: escalations' case, delegates' visit and room, back to escalations.
    const { data, errors } = await graph.query(
      `query($id: ID!) { case(id: $id) { id status tier description
        originVisit { id channel summary followedUp room { name } cases { id } } } }`,
      { id: caseId },
      staff,
    );
    expect(errors).toBeUndefined();
    expect(data?.case).toEqual({
      id: caseId,
      status: "OPEN",
      tier: "BLOCK",
      description: input.summary,
      originVisit: {
        id: visit.id,
        channel: "RECEPTION",
        summary: input.summary,
        followedUp: true,
        room: { name: visit.room.name },
        cases: [{ id: caseId }],
      },
    });

    const reused = await graph.query(
      `mutation($raise: RaiseCaseInput!) { raiseCase(input: $raise) { id } }`,
      {
        raise: {
          id: caseId,
          idempotencyKey: randomUUID(),
          blockCode: input.household.blockCode,
          channel: "HOTLINE",
          category: "OTHER",
          description: "x",
        },
      },
      staff,
    );
    expect(reused.errors?.[0]?.extensions).toEqual({ code: "CONFLICT", field: "id" });
  });
});

describe("visit coverage on the district dashboard", () => {
  const COVERAGE = "visitCoverage { households visitedHouseholds rate target requiredHouseholds targetMet }";
  const DASHBOARD = `query($code: ID!) { district(code: $code) { code ${COVERAGE}
    streets { code ${COVERAGE} communities { code ${COVERAGE} blocks { code householdCount ${COVERAGE} } } } } }`;

  /** Every place's coverage recounted by hand from the stored visits and the seeded households. */
  async function bruteForce() {
    const since = new Date();
    since.setUTCMonth(since.getUTCMonth() - 12);
    const visits = await graph.subgraphs.delegates.prisma.visit.findMany({ where: { householdId: { not: null } } });
    const coverage = (code: string) => {
      const households = tree.blocks.filter((block) => block.code.startsWith(code)).length * scale.householdsPerBlock;
      const visited = new Set(
        visits.filter((v) => v.occurredAt >= since && v.placeCode.startsWith(code)).map((visit) => visit.householdId),
      ).size;
      const target = households <= 300 ? 1 : 0.8;
      const required = Math.ceil(target * households);
      return {
        households,
        visitedHouseholds: visited,
        rate: visited / households,
        target,
        requiredHouseholds: required,
        targetMet: visited >= required,
      };
    };
    return {
      code: tree.district.code,
      visitCoverage: coverage(tree.district.code),
      streets: tree.streets.map((street) => ({
        code: street.code,
        visitCoverage: coverage(street.code),
        communities: tree.communities
          .filter((c) => c.streetCode === street.code)
          .map((c) => ({
            code: c.code,
            visitCoverage: coverage(c.code),
            blocks: tree.blocks
              .filter((block) => block.communityCode === c.code)
              .map((block) => ({
                code: block.code,
                householdCount: scale.householdsPerBlock,
                visitCoverage: coverage(block.code),
              })),
          })),
      })),
    };
  }

  it("answers every place of 60 blocks with one statement per level, equal to a recount by hand", async () => {
    const sql = graph.subgraphs.delegates.sql;
    sql.reset();
    const { data, errors } = await graph.query(
      DASHBOARD,
      { code: "310105" },
      { sub: "analyst", role: "district_analyst", scope: "310105" },
    );
    // One statement per level of place (district, streets, communities, blocks), whatever their number.
    const statements = sql.count;
    expect(statements).toBeGreaterThanOrEqual(1);
    expect(statements).toBeLessThanOrEqual(4);
    expect(errors).toBeUndefined();
    expect(data?.district).toEqual(await bruteForce());

    // The blocks alone: 20 blocks of one street and all 60 of the district cost the same.
    const BLOCKS = `query($code: ID!) { jurisdiction(code: $code) { ... on Street { communities { blocks { visitCoverage { rate } } } } ... on District {
      streets { communities { blocks { visitCoverage { rate } } } } } } }`;
    sql.reset();
    expect((await graph.query(BLOCKS, { code: tree.streets[0]!.code })).errors).toBeUndefined();
    const forStreet = sql.count;
    sql.reset();
    expect((await graph.query(BLOCKS, { code: "310105" })).errors).toBeUndefined();
    expect(sql.count).toBe(forStreet);
    expect(forStreet).toBe(1);
  });
});

describe("paging visits both ways (issue 10)", () => {
  const PAGE = `query($scope: ID!, $first: Int, $after: String, $last: Int, $before: String) {
    visits(filter: { scope: $scope }, first: $first, after: $after, last: $last, before: $before) {
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } } }`;
  const ids = (connection: any) => connection.edges.map((edge: any) => edge.node.id);

  it("pages visits back with last and before, as forward with first and after, and refuses first with last", async () => {
    const block = blocks[0]!.code;
    const all = (
      await graph.subgraphs.delegates.prisma.visit.findMany({
        where: { placeCode: block },
        orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
      })
    ).map((visit) => visit.id);
    expect(all.length).toBeGreaterThan(6);

    const first = (await graph.query(PAGE, { scope: block, first: 3 }, staff)).data?.visits;
    expect(ids(first)).toEqual(all.slice(0, 3));
    const second = await graph.query(PAGE, { scope: block, first: 3, after: first.pageInfo.endCursor }, staff);
    expect(second.errors).toBeUndefined();
    expect(ids(second.data?.visits)).toEqual(all.slice(3, 6));
    // Back from the second page: the first page again.
    const back = await graph.query(PAGE, { scope: block, last: 3, before: second.data?.visits.pageInfo.startCursor }, staff);
    expect(back.errors).toBeUndefined();
    expect(ids(back.data?.visits)).toEqual(all.slice(0, 3));
    expect(back.data?.visits.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    // The oldest end.
    const oldest = await graph.query(PAGE, { scope: block, last: 2 }, staff);
    expect(ids(oldest.data?.visits)).toEqual(all.slice(-2));
    expect(oldest.data?.visits.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    // Everything newer than the fourth visit.
    const newer = await graph.query(PAGE, { scope: block, first: 10, before: second.data?.visits.edges[0].cursor }, staff);
    expect(ids(newer.data?.visits)).toEqual(all.slice(0, 3));

    const both = await graph.query(PAGE, { scope: block, first: 3, last: 3 }, staff);
    expect(both.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "last" });
    const badBefore = await graph.query(PAGE, { scope: block, last: 3, before: "zzz" }, staff);
    expect(badBefore.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "before" });
  });

  it("pages a household's visits back with last and before", async () => {
    const household = reception(0).household;
    for (const i of [1, 2, 3]) {
      const logged = await graph.query(
        LOG,
        { input: reception(0, { summary: `Paging ${i} ${randomUUID()}`, occurredAt: hoursAgo(i) }) },
        staff,
      );
      expect(logged.errors).toBeUndefined();
    }
    const all = (
      await graph.subgraphs.delegates.prisma.visit.findMany({
        where: { householdId: household.id },
        orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
      })
    ).map((visit) => visit.id);
    const VISITS = `query($id: ID!, $first: Int, $last: Int, $before: String) { household(id: $id) {
      visits(first: $first, last: $last, before: $before) { pageInfo { hasNextPage hasPreviousPage startCursor }
        edges { cursor node { id } } } } }`;
    const oldest = await graph.query(VISITS, { id: household.id, last: 2 }, staff);
    expect(oldest.errors).toBeUndefined();
    expect(ids(oldest.data?.household.visits)).toEqual(all.slice(-2));
    const before = oldest.data?.household.visits.pageInfo.startCursor;
    const newer = await graph.query(VISITS, { id: household.id, last: 100, before }, staff);
    expect(ids(newer.data?.household.visits)).toEqual(all.slice(0, -2));
    const both = await graph.query(VISITS, { id: household.id, first: 1, last: 1 }, staff);
    expect(both.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "last" });
  });
});

describe("items that can never be stored say so (issue 10)", () => {
  const LOG_BATCH = `mutation($inputs: [LogVisitInput!]!) { logVisits(inputs: $inputs) {
    idempotencyKey visit { id summary } error { code message field retryable } } }`;

  it("stores 18 of a queued batch of 20 and answers the NUL one and the misfiled one per item, neither to be resent", async () => {
    const batch = `Queue ${randomUUID()}`;
    const inputs: Record<string, any>[] = Array.from({ length: 20 }, (_, i) => reception(i, { summary: `${batch} #${i}` }));
    inputs[4] = { ...inputs[4]!, summary: `${batch} #4 lift\u0000 broken` };
    const elsewhere = tree.blocks.find((block) => block.communityCode !== community)!;
    const stranger = householdsOfBlock(elsewhere.code, scale).households[0]!;
    inputs[11] = { ...inputs[11]!, household: { id: stranger.id, blockCode: inputs[11]!.household.blockCode } };

    const { data, errors, raw } = await graph.query(LOG_BATCH, { inputs }, staff);
    expect(errors).toBeUndefined();
    expectNothingInternal(raw);
    const results = data?.logVisits as any[];
    const failed = results.flatMap((result, i) => (result.error ? [{ i, ...result.error }] : []));
    expect(failed).toEqual([
      {
        i: 4,
        code: "BAD_USER_INPUT",
        field: "summary",
        retryable: false,
        message: expect.stringMatching(/NUL.*never be stored/),
      },
      { i: 11, code: "BAD_USER_INPUT", field: "household.id", retryable: false, message: expect.any(String) },
    ]);
    expect(results.filter((result) => result.visit)).toHaveLength(18);
    expect(await graph.subgraphs.delegates.prisma.visit.count({ where: { summary: { startsWith: batch } } })).toBe(18);

    // Sent again as the phone would: the same answers, nothing stored twice.
    const again = await graph.query(LOG_BATCH, { inputs }, staff);
    expect(again.data?.logVisits).toEqual(results);
    expect(await graph.subgraphs.delegates.prisma.visit.count({ where: { summary: { startsWith: batch } } })).toBe(18);
  });

  it.each([
    ["summary", (input: any) => ({ ...input, summary: "Stairwell\u0000 light" })],
    [
      "walkIn.name",
      (input: any) => ({ ...input, household: undefined, delegateIds: [], walkIn: { name: "王\u0000芳", phone: "13812345678" } }),
    ],
    [
      "walkIn.phone",
      (input: any) => ({ ...input, household: undefined, delegateIds: [], walkIn: { name: "王芳", phone: "1381234567\u0000" } }),
    ],
    ["summary", (input: any) => ({ ...input, summary: "Broken \ud800 text" })],
    ["summary", (input: any) => ({ ...input, summary: "x".repeat(2001) })],
  ])("refuses logVisit with an unstorable %s as BAD_USER_INPUT naming the field", async (field, change) => {
    const input = change(reception(7));
    const response = await graph.query(LOG, { input }, staff);
    expectNothingInternal(response.raw);
    // A NUL byte is refused by the gateway before planning (no data at all); the rest by delegates (data null).
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0]?.extensions).toEqual({
      code: "BAD_USER_INPUT",
      field: expect.stringMatching(new RegExp(`^(input\\.)?${field.replace(".", "\\.")}$`)),
    });
  });

  it("answers a NUL byte in any text argument of delegates' queries as BAD_USER_INPUT, never internal", async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ["query($v: ID!) { rooms(scope: $v) { id } }", { v: "310105\u0000" }, "scope"],
      ["query($v: ID!) { room(id: $v) { id } }", { v: `${room}\u0000` }, "id"],
      ["query($v: ID!) { visit(id: $v) { id } }", { v: "\u0000" }, "id"],
      ["query($v: ID!) { visits(filter: { scope: $v }) { edges { cursor } } }", { v: "\u0000" }, "filter.scope"],
      ["query($v: ID!) { visits(filter: { roomId: $v }) { edges { cursor } } }", { v: "\u0000" }, "filter.roomId"],
      ["query($v: ID!) { visits(filter: { householdId: $v }) { edges { cursor } } }", { v: "\u0000" }, "filter.householdId"],
      ["query($v: String) { visits(after: $v) { edges { cursor } } }", { v: "\u0000" }, "after"],
      ["query($v: String) { visits(last: 1, before: $v) { edges { cursor } } }", { v: "\u0000" }, "before"],
    ];
    // As an admin, whom no scope check stops before the input is read; staff are refused or told the same.
    for (const [query, variables, field] of cases) {
      const response = await graph.query(query, variables, { sub: "admin", role: "admin" });
      expectNothingInternal(response.raw);
      expect(response.errors?.[0]?.extensions, query).toEqual({ code: "BAD_USER_INPUT", field });
      const asStaff = await graph.query(query, variables, staff);
      expectNothingInternal(asStaff.raw);
      expect(["BAD_USER_INPUT", "FORBIDDEN"]).toContain(asStaff.errors?.[0]?.extensions?.code);
    }
  });
});

describe("room staff act where their room serves, whatever the token's place claim says (issue 10)", () => {
  // The demo staff member's room is in one community; the token claims the whole district.
  const widened = { ...staff, place: tree.district.code };
  const elsewhere = tree.blocks.find((block) => !block.code.startsWith(community.slice(0, 9)))!;

  it("refuses a token whose place claim is not its room's place: no reading another street, no home visit there", async () => {
    const read = await graph.query(
      `query($scope: ID!) { visits(filter: { scope: $scope }, first: 5) { edges { node { id summary } } } }`,
      { scope: elsewhere.code },
      widened,
    );
    expect(read.data?.visits ?? null).toBeNull();
    expect(read.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(read.errors?.[0]?.message).toMatch(/room serves.*Sign in again/);

    const household = householdsOfBlock(elsewhere.code, scale).households[0]!;
    const homeVisit = await graph.query(
      LOG,
      {
        input: {
          ...reception(0, { channel: "HOME_VISIT", roomId: undefined, delegateIds: [], summary: `Widened ${randomUUID()}` }),
          household: { id: household.id, blockCode: elsewhere.code },
        },
      },
      widened,
    );
    expect(homeVisit.data ?? null).toBeNull();
    expect(homeVisit.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(
      await graph.subgraphs.delegates.prisma.visit.count({
        where: { householdId: household.id, loggedBy: staff.sub, channel: "HOME_VISIT" },
      }),
    ).toBe(0);

    const coverage = await graph.query(
      `query($code: ID!) { jurisdiction(code: $code) { ... on Block { visitCoverage { visitedHouseholds } } } }`,
      { code: elsewhere.code },
      widened,
    );
    expect(JSON.stringify(coverage.data ?? {})).not.toContain("visitedHouseholds");
    expect(coverage.errors?.some((error) => error.extensions?.code === "FORBIDDEN")).toBe(true);
  });

  it("refuses a token whose room does not exist, and serves a token whose claim is its room's place", async () => {
    const ghost = await graph.query(`{ visits(first: 1) { edges { cursor } } }`, {}, { ...staff, scope: randomUUID() });
    expect(ghost.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(ghost.errors?.[0]?.message).toMatch(/room that does not exist/);
    const own = await graph.query(
      `query($scope: ID!) { visits(filter: { scope: $scope }, first: 1) { edges { cursor } } }`,
      { scope: community },
      staff,
    );
    expect(own.errors).toBeUndefined();
    expect(own.data?.visits.edges).toHaveLength(1);
  });
});
