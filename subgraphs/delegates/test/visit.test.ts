// Over 350 lines: one concept (visits) through the subgraph alone; its e2e half lives in test/visits.test.ts.
// Visits in the delegates subgraph alone: the rules a logged visit must satisfy, who may log and read
// what, the Visit entity, and the household's visits loaded for many households in one statement.
import { randomUUID } from "node:crypto";
import { maskName, maskPhone } from "@grassroots/access";
import {
  createDemoDirectory,
  DEMO_USERS,
  demoTree,
  householdsOfBlock,
  roomDetailsOf,
  roomIdOf,
  SCALES,
} from "@grassroots/demo-district";
import { startTestSubgraph, type TestClaims } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDelegates } from "../src/seed";
import { createDelegatesSubgraph } from "../src/subgraph";

const scale = SCALES.test;
const tree = demoTree(scale);
// The demo directory, except for households whose lookup is made to fail (residents unreachable).
const demoDirectory = createDemoDirectory(scale);
const unreachable = new Set<string>();
const directory = {
  ...demoDirectory,
  householdBlock: async (id: string) => {
    if (unreachable.has(id)) throw new Error("connect ECONNREFUSED residents");
    return demoDirectory.householdBlock(id);
  },
};
const start = () => startTestSubgraph(createDelegatesSubgraph({ directory }), seedDelegates(scale));
let subgraph: Awaited<ReturnType<typeof start>>;

beforeAll(async () => {
  subgraph = await start();
});
afterAll(() => subgraph?.close());

const user = (sub: (typeof DEMO_USERS)[number]["sub"]): TestClaims => {
  const { does: _does, ...claims } = DEMO_USERS.find((candidate) => candidate.sub === sub)!;
  return claims;
};
const staff = user("demo-room-staff");
const ownCommunity = String(staff.place);
const ownRoom = roomIdOf(ownCommunity);
const ownBlock = tree.blocks.find((block) => block.communityCode === ownCommunity)!;
const otherCommunity = tree.communities.find((community) => community.code !== ownCommunity)!.code;
const otherBlock = tree.blocks.find((block) => block.communityCode === otherCommunity)!;
const householdOf = (blockCode: string, i = 0) => householdsOfBlock(blockCode, scale).households[i]!;
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

/** A valid reception of a registered household at the demo staff member's own room. */
const reception = (overrides: Record<string, unknown> = {}) => ({
  idempotencyKey: randomUUID(),
  channel: "RECEPTION",
  roomId: ownRoom,
  household: { id: householdOf(ownBlock.code).id, blockCode: ownBlock.code },
  delegateIds: [roomDetailsOf(ownCommunity).delegates[0]!.id],
  category: "LIVING_DIFFICULTY",
  summary: "Asks for help with the stairwell light; referred to the property office.",
  followUpNeeded: true,
  occurredAt: hoursAgo(3),
  ...overrides,
});

const LOG = `mutation($input: LogVisitInput!) { logVisit(input: $input) {
  id channel room { id } household { id } walkIn { name phone } placeCode block { code } loggedBy loggedByStaff { role }
  delegates { id } category summary followUpNeeded followedUp occurredAt } }`;

const log = (input: Record<string, unknown>, as: TestClaims | null = staff) => subgraph.query(LOG, { input }, { as });

describe("logVisit", () => {
  it("stores a reception with the household, the delegates present and who logged it", async () => {
    const input = reception();
    const { data, errors } = await log(input);
    expect(errors).toBeUndefined();
    expect(data?.logVisit).toMatchObject({
      channel: "RECEPTION",
      room: { id: ownRoom },
      household: input.household && { id: input.household.id },
      walkIn: null,
      placeCode: ownBlock.code,
      block: { code: ownBlock.code },
      loggedBy: staff.sub,
      loggedByStaff: { role: "LIAISON" },
      delegates: [{ id: input.delegateIds[0] }],
      summary: input.summary,
      followedUp: false,
      occurredAt: input.occurredAt,
    });
  });

  it("records an unregistered walk-in by name and phone, at the room's place", async () => {
    const { data, errors } = await log(
      reception({ household: undefined, walkIn: { name: "陈志强", phone: "13912345678" }, delegateIds: [] }),
    );
    expect(errors).toBeUndefined();
    expect(data?.logVisit).toMatchObject({
      placeCode: ownCommunity,
      block: null,
      walkIn: { name: "陈志强", phone: "13912345678" },
    });
  });

  it("logs a home visit without a room, within the room's place", async () => {
    const { data, errors } = await log(reception({ channel: "HOME_VISIT", roomId: undefined, delegateIds: [] }));
    expect(errors).toBeUndefined();
    expect(data?.logVisit).toMatchObject({ channel: "HOME_VISIT", room: null, placeCode: ownBlock.code });
  });

  const otherRoomsDelegate = () => roomDetailsOf(otherCommunity).delegates[0]!.id;
  it.each([
    ["a home visit with a room", () => reception({ channel: "HOME_VISIT" }), "roomId"],
    ["a reception without a room", () => reception({ roomId: undefined }), "roomId"],
    ["both a household and a walk-in", () => reception({ walkIn: { name: "王芳", phone: "13812345678" } }), "walkIn"],
    ["neither a household nor a walk-in", () => reception({ household: undefined }), "household"],
    [
      "a home visit to a walk-in",
      () =>
        reception({
          channel: "HOME_VISIT",
          roomId: undefined,
          household: undefined,
          walkIn: { name: "王芳", phone: "13812345678" },
        }),
      "household",
    ],
    [
      "a community code as the household's block",
      () => reception({ household: { id: randomUUID(), blockCode: ownCommunity } }),
      "household.blockCode",
    ],
    [
      "a household outside the room's place",
      () => reception({ household: { id: randomUUID(), blockCode: otherBlock.code } }),
      "household.blockCode",
    ],
    ["a malformed phone", () => reception({ household: undefined, walkIn: { name: "王芳", phone: "12345" } }), "walkIn.phone"],
    ["an empty summary", () => reception({ summary: "   " }), "summary"],
    ["a visit in the future", () => reception({ occurredAt: hoursAgo(-1) }), "occurredAt"],
    ["a visit 31 days ago", () => reception({ occurredAt: hoursAgo(31 * 24) }), "occurredAt"],
    ["an unknown delegate", () => reception({ delegateIds: [randomUUID()] }), "delegateIds"],
    ["a delegate of another community's room", () => reception({ delegateIds: [otherRoomsDelegate()] }), "delegateIds"],
    ["a short idempotency key", () => reception({ idempotencyKey: "abc" }), "idempotencyKey"],
  ])("rejects %s with BAD_USER_INPUT naming the field", async (_case, input, field) => {
    const { data, errors } = await log(input());
    expect(data).toBeNull();
    expect(errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field });
    expect(errors?.[0]?.message.length).toBeGreaterThan(10);
  });

  it("accepts a few minutes of clock skew and rejects an unknown room for an admin", async () => {
    expect((await log(reception({ occurredAt: hoursAgo(-0.05) }))).errors).toBeUndefined();
    const unknown = await log(reception({ roomId: randomUUID(), delegateIds: [] }), { sub: "a", role: "admin" });
    expect(unknown.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "roomId" });
  });

  it("lets room staff log only for their own room and place, and refuses roles that do not log visits", async () => {
    const otherRoom = await log(reception({ roomId: roomIdOf(otherCommunity), delegateIds: [] }));
    expect(otherRoom.errors?.[0]?.extensions).toEqual({ code: "FORBIDDEN", field: "roomId" });
    const elsewhere = await log(
      reception({
        channel: "HOME_VISIT",
        roomId: undefined,
        delegateIds: [],
        household: { id: randomUUID(), blockCode: otherBlock.code },
      }),
    );
    expect(elsewhere.errors?.[0]?.extensions).toEqual({ code: "FORBIDDEN", field: "household.blockCode" });
    for (const sub of ["demo-district-analyst", "demo-department-officer", "demo-partner"] as const) {
      const refused = await log(reception(), user(sub));
      expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    }
    expect((await log(reception(), null)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    // A block member logs home visits in their own block.
    const member = await log(reception({ channel: "HOME_VISIT", roomId: undefined, delegateIds: [] }), user("demo-block-member"));
    expect(member.errors).toBeUndefined();
  });
});

describe("reading visits", () => {
  const VISIT = `query($id: ID!) { visit(id: $id) { id summary walkIn { name phone } } }`;

  it("shows a walk-in's personal data in full to those who serve the place, masked to analysts, to nobody else", async () => {
    const walkIn = { name: "陈志强", phone: "13912345678" };
    const logged = await log(reception({ household: undefined, walkIn, delegateIds: [] }));
    const id = logged.data?.logVisit.id;
    const as = async (claims: TestClaims) => subgraph.query(VISIT, { id }, { as: claims });

    expect((await as(user("demo-community-worker"))).data?.visit).toEqual({ id, summary: expect.any(String), walkIn });
    const analyst = await as(user("demo-district-analyst"));
    expect(analyst.data?.visit).toEqual({
      id,
      summary: null,
      walkIn: { name: maskName(walkIn.name), phone: maskPhone(walkIn.phone) },
    });
    expect(analyst.raw).not.toContain(walkIn.phone);
    for (const sub of ["demo-department-officer", "demo-partner"] as const) {
      const refused = await as(user(sub));
      expect(refused.data?.visit).toBeNull();
      expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect(refused.raw).not.toContain(walkIn.phone);
    }
    // A block member serves one block, not the community the walk-in belongs to.
    expect((await as(user("demo-block-member"))).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("resolves Visit through _entities in one statement, null for unknown and malformed ids", async () => {
    const id = (await log(reception())).data?.logVisit.id;
    subgraph.sql.reset();
    const { data, errors } = await subgraph.query(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Visit { id channel placeCode } } }`,
      {
        reps: [
          { __typename: "Visit", id },
          { __typename: "Visit", id: randomUUID() },
          { __typename: "Visit", id: "not-an-id" },
        ],
      },
    );
    expect(errors).toBeUndefined();
    expect(data?._entities).toEqual([{ id, channel: "RECEPTION", placeCode: ownBlock.code }, null, null]);
    expect(subgraph.sql.count).toBe(1);
  });

  it("lists a place's visits newest first, page by page, and only within the reader's place", async () => {
    const all = await subgraph.prisma.visit.findMany({
      where: { placeCode: { startsWith: ownCommunity } },
      orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    });
    const query = `query($filter: VisitFilter, $after: String) {
      visits(filter: $filter, first: 7, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const response: { data?: Record<string, any>; errors?: unknown } = await subgraph.query(
        query,
        { filter: { scope: ownCommunity }, after },
        { as: staff },
      );
      expect(response.errors).toBeUndefined();
      const visits = response.data?.visits;
      seen.push(...visits.edges.map((edge: { node: { id: string } }) => edge.node.id));
      if (!visits.pageInfo.hasNextPage) break;
      after = visits.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.map((visit) => visit.id));
    // The whole district, asked by the room's staff, is their place's visits only.
    const district = await subgraph.query(
      `{ visits(filter: { scope: "310105" }, first: 100) { edges { node { placeCode } } } }`,
      {},
      { as: staff },
    );
    expect(
      district.data?.visits.edges.every((edge: { node: { placeCode: string } }) => edge.node.placeCode.startsWith(ownCommunity)),
    ).toBe(true);
    const sibling = await subgraph.query(
      `query($scope: ID!) { visits(filter: { scope: $scope }) { edges { cursor } } }`,
      { scope: otherCommunity },
      { as: staff },
    );
    expect(sibling.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const badCursor = await subgraph.query(`{ visits(after: "zzz") { edges { cursor } } }`);
    expect(badCursor.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "after" });
  });

  it("lists visits that need follow-up and have no case until one is recorded, idempotently", async () => {
    const id = (await log(reception({ followUpNeeded: true }))).data?.logVisit.id;
    const waiting = async () => {
      const { data } = await subgraph.query(
        `query($scope: ID!) { visits(filter: { scope: $scope, followUpNeeded: true, followedUp: false }, first: 100) { edges { node { id } } } }`,
        { scope: ownBlock.code },
        { as: staff },
      );
      return data?.visits.edges.map((edge: { node: { id: string } }) => edge.node.id) as string[];
    };
    expect(await waiting()).toContain(id);
    const caseId = randomUUID();
    const RECORD = `mutation($visitId: ID!, $caseId: ID!) { recordVisitFollowUp(visitId: $visitId, caseId: $caseId) { id followedUp followedUpAt } }`;
    const first = await subgraph.query(RECORD, { visitId: id, caseId }, { as: staff });
    expect(first.errors).toBeUndefined();
    expect(first.data?.recordVisitFollowUp).toMatchObject({ id, followedUp: true });
    const again = await subgraph.query(RECORD, { visitId: id, caseId }, { as: staff });
    expect(again.data?.recordVisitFollowUp).toEqual(first.data?.recordVisitFollowUp);
    expect(await subgraph.prisma.visitFollowUp.count({ where: { visitId: id } })).toBe(1);
    expect(await waiting()).not.toContain(id);
    // Someone who may not log visits there may not record follow-ups either.
    const analyst = await subgraph.query(RECORD, { visitId: id, caseId: randomUUID() }, { as: user("demo-district-analyst") });
    expect(analyst.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("Household.visits", () => {
  const HOUSEHOLD_VISITS = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Household { id
    visits(first: 2) { pageInfo { hasNextPage } edges { node { id occurredAt room { name } delegates { name } } } } } } }`;
  const households = () =>
    tree.blocks.flatMap((block) => householdsOfBlock(block.code, scale).households.map((household) => ({ household, block })));

  it("answers 5 and 60 households with the same statements, newest visits first, as the database holds them", async () => {
    const reps = (count: number) =>
      households()
        .slice(0, count)
        .map(({ household }) => ({ __typename: "Household", id: household.id }));
    subgraph.sql.reset();
    const five = await subgraph.query(HOUSEHOLD_VISITS, { reps: reps(5) });
    const forFive = subgraph.sql.count;
    subgraph.sql.reset();
    const sixty = await subgraph.query(HOUSEHOLD_VISITS, { reps: reps(60) });
    expect(five.errors).toBeUndefined();
    expect(sixty.errors).toBeUndefined();
    expect(subgraph.sql.count).toBe(forFive);
    // page ids, the visits, their rooms, the delegates present
    expect(forFive).toBeLessThanOrEqual(5);

    const rows = await subgraph.prisma.visit.findMany({ orderBy: [{ occurredAt: "desc" }, { id: "desc" }] });
    for (const [i, { household }] of households().slice(0, 60).entries()) {
      const expected = rows.filter((visit) => visit.householdId === household.id);
      const got = sixty.data?._entities[i];
      expect(got.visits.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(
        expected.slice(0, 2).map((v) => v.id),
      );
      expect(got.visits.pageInfo.hasNextPage).toBe(expected.length > 2);
    }
  });

  it("shows room staff only their place's visits of a household, and nothing to partners", async () => {
    const household = householdOf(otherBlock.code, 1);
    await log(
      reception({
        channel: "HOME_VISIT",
        roomId: undefined,
        delegateIds: [],
        household: { id: household.id, blockCode: otherBlock.code },
      }),
      { sub: "a", role: "admin" },
    );
    const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Household { visits { edges { node { id } } } } } }`;
    const reps = [{ __typename: "Household", id: household.id }];
    const admin = await subgraph.query(query, { reps });
    expect(admin.data?._entities[0].visits.edges.length).toBeGreaterThan(0);
    const own = await subgraph.query(query, { reps }, { as: staff });
    expect(own.data?._entities[0].visits.edges).toEqual([]);
    const partner = await subgraph.query(query, { reps }, { as: user("demo-partner") });
    expect(partner.data?._entities[0].visits).toBeNull();
    expect(partner.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("logVisits", () => {
  const LOG_BATCH = `mutation($inputs: [LogVisitInput!]!) { logVisits(inputs: $inputs) {
    idempotencyKey visit { id } error { code message field retryable } } }`;

  it("answers a failure on our side as retryable for its item only, and stores the item when it is sent again", async () => {
    const inputs = [reception(), reception({ household: { id: householdOf(ownBlock.code, 2).id, blockCode: ownBlock.code } })];
    inputs.push(reception({ summary: "Lift\u0000 broken" }));
    unreachable.add(inputs[1]!.household!.id);
    const first = await subgraph.query(LOG_BATCH, { inputs }, { as: staff });
    expect(first.errors).toBeUndefined();
    const [stored, failed, unstorable] = first.data?.logVisits ?? [];
    expect(stored.visit).not.toBeNull();
    expect(failed).toMatchObject({ visit: null, error: { code: "INTERNAL_SERVER_ERROR", field: null, retryable: true } });
    expect(failed.error.message).not.toMatch(/ECONNREFUSED/);
    expect(unstorable).toMatchObject({ visit: null, error: { code: "BAD_USER_INPUT", field: "summary", retryable: false } });

    unreachable.clear();
    const again = await subgraph.query(LOG_BATCH, { inputs }, { as: staff });
    const [same, nowStored, stillUnstorable] = again.data?.logVisits ?? [];
    expect(same).toEqual(stored);
    expect(nowStored.visit).not.toBeNull();
    expect(stillUnstorable).toEqual(unstorable);
  });
});
