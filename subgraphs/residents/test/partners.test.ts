// Partner organisations and pairing at the residents subgraph: registration and vetting, capacity
// on both sides under concurrent requests, expiry, entities, and coverage counted in SQL.
import { randomUUID } from "node:crypto";
import { creditCode, demoPartners, demoTree, Random, SCALES } from "@grassroots/demo-district";
import { startTestSubgraph, type TestClaims } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createResidentsSubgraph, residentsSubgraph, seedResidents } from "../src/server";

// The demo district's 60 blocks, with few households each so the test seeds in a blink.
const scale = { ...SCALES.demo, householdsPerBlock: 5 };
const tree = demoTree(scale);
const STREET = "310105001";
const BLOCK = "310105001001002";
type Subgraph = Awaited<ReturnType<typeof startTestSubgraph>>;
let subgraph: Subgraph;

beforeAll(async () => {
  subgraph = await startTestSubgraph(residentsSubgraph, seedResidents(scale));
});
afterAll(() => subgraph?.close());

const officer: TestClaims = { sub: "officer-1", role: "street_officer", scope: STREET };
const otherOfficer: TestClaims = { sub: "officer-2", role: "street_officer", scope: "310105002" };
const worker: TestClaims = { sub: "worker-1", role: "community_worker", scope: "310105001001" };
const asPartner = (id: string): TestClaims => ({ sub: `partner-${id.slice(0, 8)}`, role: "partner", scope: id });

const random = new Random("partners-subgraph-test");
const key = () => `key-${randomUUID()}`;

const REGISTER = `mutation($input: RegisterPartnerInput!, $key: String!) {
  registerPartner(input: $input, idempotencyKey: $key) { partnerId status street { code } } }`;
const APPROVE = `mutation($id: ID!, $until: DateTime!) {
  approvePartner(id: $id, vettingNotes: "Documents checked.", approvedUntil: $until) { id status approvedUntil canStartPairings } }`;
const REQUEST = `mutation($input: RequestPairingInput!, $key: String!) {
  requestPairing(input: $input, idempotencyKey: $key) { id status proposedBy } }`;

const registration = (overrides: Record<string, unknown> = {}) => ({
  name: "Xianxia Pharmacy Chain",
  kind: "COMPANY",
  creditCode: creditCode(random, "COMPANY"),
  contactPerson: "周敏",
  contactPhone: "13812345678",
  streetCode: STREET,
  services: ["ELDERLY_LIVING_ALONE"],
  capacity: 3,
  ...overrides,
});
const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString();

async function approvedPartner(overrides: Record<string, unknown> = {}) {
  const registered = await subgraph.query(REGISTER, { input: registration(overrides), key: key() }, { as: null });
  expect(registered.errors).toBeUndefined();
  const id = registered.data?.registerPartner.partnerId as string;
  const approved = await subgraph.query(APPROVE, { id, until: inAYear() }, { as: officer });
  expect(approved.errors).toBeUndefined();
  return id;
}

/** A household in need (with its head) in a block of the first street, made for one test. */
async function householdInNeed(blockCode = BLOCK) {
  const id = randomUUID();
  await subgraph.prisma.household.create({
    data: {
      id,
      blockCode,
      address: "Room 101, No. 1, Lane 1, Test Road",
      size: 1,
      needs: ["ELDERLY_LIVING_ALONE"],
      contactPhone: "13900000000",
      residents: { create: { id: randomUUID(), name: "王秀英", idNumber: "310105195203124421", birthYear: 1952, isHead: true } },
    },
  });
  return id;
}

const codes = (response: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  response.errors?.map((error) => error.extensions?.code) ?? [];

describe("registering and vetting partners", () => {
  it("registers publicly (no token), PENDING, and replays a retry with the same key", async () => {
    const input = registration();
    const idempotencyKey = key();
    const first = await subgraph.query(REGISTER, { input, key: idempotencyKey }, { as: null });
    expect(first.errors).toBeUndefined();
    expect(first.data?.registerPartner).toMatchObject({ status: "PENDING", street: { code: STREET } });
    const retry = await subgraph.query(REGISTER, { input, key: idempotencyKey }, { as: null });
    expect(retry.data?.registerPartner.partnerId).toBe(first.data?.registerPartner.partnerId);
    const changed = await subgraph.query(REGISTER, { input: { ...input, capacity: 9 }, key: idempotencyKey }, { as: null });
    expect(changed.errors?.[0]?.extensions).toEqual({ code: "CONFLICT", field: "idempotencyKey" });
    const again = await subgraph.query(REGISTER, { input, key: key() }, { as: null });
    expect(again.errors?.[0]?.extensions).toEqual({ code: "CONFLICT", field: "creditCode" });
    expect(await subgraph.prisma.partnerOrganization.count({ where: { creditCode: input.creditCode } })).toBe(1);
  });

  it("lets exactly one of two simultaneous registrations of one organisation through", async () => {
    const input = registration();
    const results = await Promise.all([1, 2, 3].map(() => subgraph.query(REGISTER, { input, key: key() }, { as: null })));
    expect(results.filter((result) => result.data?.registerPartner)).toHaveLength(1);
    expect(results.flatMap(codes).sort()).toEqual(["CONFLICT", "CONFLICT"]);
  });

  it("refuses a credit code with a wrong check character, naming the field", async () => {
    const good = creditCode(random, "SCHOOL");
    const wrong = good.slice(0, 17) + (good[17] === "0" ? "1" : "0");
    const response = await subgraph.query(REGISTER, { input: registration({ creditCode: wrong }), key: key() }, { as: null });
    expect(response.data).toBeNull();
    expect(response.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "creditCode" });
    expect(response.errors?.[0]?.message).toMatch(/check character/);
  });

  it("checks the other fields with messages naming them", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ streetCode: "310105" }, "streetCode"],
      [{ streetCode: "310105099" }, "streetCode"],
      [{ capacity: 0 }, "capacity"],
      [{ services: [] }, "services"],
      [{ contactPhone: "12" }, "contactPhone"],
      [{ name: "  " }, "name"],
    ];
    for (const [overrides, field] of cases) {
      const response = await subgraph.query(REGISTER, { input: registration(overrides), key: key() }, { as: null });
      expect(response.errors?.[0]?.extensions, field).toEqual({ code: "BAD_USER_INPUT", field });
    }
  });

  it("is vetted by an officer of its street only, until a date in the future", async () => {
    const registered = await subgraph.query(REGISTER, { input: registration(), key: key() }, { as: null });
    const id = registered.data?.registerPartner.partnerId;
    for (const as of [otherOfficer, worker, asPartner(id), null]) {
      const refused = await subgraph.query(APPROVE, { id, until: inAYear() }, { as });
      expect(refused.data).toEqual({ approvePartner: null });
      expect(codes(refused)).toEqual([as ? "FORBIDDEN" : "UNAUTHENTICATED"]);
    }
    const past = await subgraph.query(APPROVE, { id, until: "2020-01-01T00:00:00Z" }, { as: officer });
    expect(past.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "approvedUntil" });
    const approved = await subgraph.query(APPROVE, { id, until: inAYear() }, { as: officer });
    expect(approved.data?.approvePartner).toMatchObject({ id, status: "APPROVED", canStartPairings: true });
    const reject = await subgraph.query(
      `mutation($id: ID!) { rejectPartner(id: $id, vettingNotes: "no") { id } }`,
      { id },
      { as: officer },
    );
    expect(codes(reject)).toEqual(["CONFLICT"]);
  });

  it("shows a partner to itself and to its street's offices, with vetting notes only to it and its vetters", async () => {
    const id = await approvedPartner();
    const query = `query($id: ID!) { partner(id: $id) { id status vettingNotes } }`;
    expect((await subgraph.query(query, { id }, { as: asPartner(id) })).data?.partner).toEqual({
      id,
      status: "APPROVED",
      vettingNotes: "Documents checked.",
    });
    const seenByWorker = await subgraph.query(query, { id }, { as: worker });
    expect(seenByWorker.data?.partner).toEqual({ id, status: "APPROVED", vettingNotes: null });
    expect(codes(seenByWorker)).toEqual(["FORBIDDEN"]);
    for (const as of [otherOfficer, asPartner(randomUUID())]) {
      const hidden = await subgraph.query(query, { id }, { as });
      expect(hidden.data).toEqual({ partner: null });
      expect(codes(hidden)).toEqual(["FORBIDDEN"]);
    }
  });

  it("lists a street's partners waiting to be vetted, page by page", async () => {
    const pending = await subgraph.query(REGISTER, { input: registration(), key: key() }, { as: null });
    const id = pending.data?.registerPartner.partnerId;
    const query = `query($after: String) { partners(street: "${STREET}", status: PENDING, first: 1, after: $after) {
      pageInfo { hasNextPage endCursor } edges { node { id status } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { data, errors } = await subgraph.query(query, { after }, { as: officer });
      expect(errors).toBeUndefined();
      seen.push(...(data?.partners.edges ?? []).map((edge: { node: { id: string } }) => edge.node.id));
      if (!data?.partners.pageInfo.hasNextPage) break;
      after = data.partners.pageInfo.endCursor;
    }
    expect(seen).toContain(id);
    const expected = await subgraph.prisma.partnerOrganization.findMany({ where: { streetCode: STREET, status: "PENDING" } });
    expect(seen.sort()).toEqual(expected.map((partner) => partner.id).sort());
    const elsewhere = await subgraph.query(query, { after: null }, { as: otherOfficer });
    expect(codes(elsewhere)).toEqual(["FORBIDDEN"]);
  });
});

describe("members registered where they live", () => {
  it("are registered by their approved organisation, at a known block, and counted on places", async () => {
    const id = await approvedPartner();
    const register = `mutation($input: RegisterPartnerMemberInput!, $key: String!) {
      registerPartnerMember(input: $input, idempotencyKey: $key) { id name homeBlock { code } } }`;
    const count = `{ _entities(representations: [{ __typename: "Block", code: "${BLOCK}" }]) { ... on Block { partnerMemberCount } } }`;
    const before = (await subgraph.query(count)).data?._entities[0].partnerMemberCount;
    const made = await subgraph.query(
      register,
      { input: { partnerId: id, name: "李军", homeBlockCode: BLOCK }, key: key() },
      { as: asPartner(id) },
    );
    expect(made.data?.registerPartnerMember).toMatchObject({ name: "李军", homeBlock: { code: BLOCK } });
    expect((await subgraph.query(count)).data?._entities[0].partnerMemberCount).toBe(before + 1);

    const badBlock = await subgraph.query(
      register,
      { input: { partnerId: id, name: "李军", homeBlockCode: "31010500100" }, key: key() },
      { as: asPartner(id) },
    );
    expect(badBlock.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "homeBlockCode" });
    const unknownBlock = await subgraph.query(
      register,
      { input: { partnerId: id, name: "李军", homeBlockCode: "310105009009009" }, key: key() },
      { as: asPartner(id) },
    );
    expect(unknownBlock.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "homeBlockCode" });
    const forOther = await subgraph.query(
      register,
      { input: { partnerId: id, name: "李军", homeBlockCode: BLOCK }, key: key() },
      { as: asPartner(randomUUID()) },
    );
    expect(codes(forOther)).toEqual(["FORBIDDEN"]);

    const members = await subgraph.query(
      `query($id: ID!) { partner(id: $id) { memberCount members { name } } }`,
      { id },
      { as: officer },
    );
    expect(members.data?.partner).toEqual({ memberCount: 1, members: [{ name: "李军" }] });
  });
});

describe("capacity", () => {
  it("gives a household's last place to exactly one of several partners racing for it", async () => {
    const partners = await Promise.all([1, 2, 3, 4, 5, 6].map(() => approvedPartner()));
    const household = await householdInNeed();
    const results = await Promise.all(
      partners.map((id) => subgraph.query(REQUEST, { input: { householdId: household }, key: key() }, { as: asPartner(id) })),
    );
    const winners = results.filter((result) => result.data?.requestPairing);
    expect(winners).toHaveLength(1);
    expect(results.flatMap(codes).sort()).toEqual(Array(5).fill("CONFLICT"));
    expect(await subgraph.prisma.pairing.count({ where: { householdId: household } })).toBe(1);
  });

  it("never lets a partner hold more open pairings than its capacity, even when asked at once", async () => {
    const partner = await approvedPartner({ capacity: 2 });
    const households = await Promise.all([1, 2, 3, 4, 5].map(() => householdInNeed()));
    const results = await Promise.all(
      households.map((household) =>
        subgraph.query(REQUEST, { input: { householdId: household }, key: key() }, { as: asPartner(partner) }),
      ),
    );
    expect(results.filter((result) => result.data?.requestPairing)).toHaveLength(2);
    expect(results.flatMap((result) => result.errors?.map((error) => error.extensions) ?? [])).toEqual(
      Array(3).fill({ code: "CONFLICT", field: "partnerId" }),
    );
    expect(await subgraph.prisma.pairing.count({ where: { partnerId: partner, status: { in: ["PROPOSED", "ACTIVE"] } } })).toBe(
      2,
    );
  });

  it("keeps one open pairing per partner and household, and frees the place when a proposal ends", async () => {
    const partner = await approvedPartner();
    const household = await householdInNeed();
    const first = await subgraph.query(REQUEST, { input: { householdId: household }, key: key() }, { as: asPartner(partner) });
    const twice = await subgraph.query(REQUEST, { input: { householdId: household }, key: key() }, { as: asPartner(partner) });
    expect(twice.errors?.[0]?.extensions).toEqual({ code: "CONFLICT", field: "householdId" });
    const ended = await subgraph.query(
      `mutation($id: ID!) { endPairing(id: $id, reason: DECLINED) { status endReason } }`,
      { id: first.data?.requestPairing.id },
      { as: worker },
    );
    expect(ended.data?.endPairing).toEqual({ status: "ENDED", endReason: "DECLINED" });
    const again = await subgraph.query(REQUEST, { input: { householdId: household }, key: key() }, { as: asPartner(partner) });
    expect(again.data?.requestPairing.status).toBe("PROPOSED");
  });

  it("gives a household as many places as configured", async () => {
    const twoPlaces = await startTestSubgraph(
      createResidentsSubgraph({ pairingPlacesPerHousehold: 2 }),
      undefined,
      subgraph.auth,
    );
    try {
      const partners = await Promise.all(
        [1, 2, 3].map(async () => {
          const id = randomUUID();
          await twoPlaces.prisma.partnerOrganization.create({
            data: {
              id,
              name: "Test partner",
              kind: "SCHOOL",
              creditCode: creditCode(random, "SCHOOL"),
              contactPerson: "周敏",
              contactPhone: "13812345678",
              streetCode: STREET,
              services: ["LOW_INCOME"],
              capacity: 5,
              status: "APPROVED",
              approvedUntil: new Date(Date.now() + 86_400_000),
            },
          });
          return id;
        }),
      );
      const household = randomUUID();
      await twoPlaces.prisma.household.create({
        data: { id: household, blockCode: BLOCK, address: "a, b, c", size: 1, needs: ["LOW_INCOME"] },
      });
      const results = await Promise.all(
        partners.map((id) => twoPlaces.query(REQUEST, { input: { householdId: household }, key: key() }, { as: asPartner(id) })),
      );
      expect(results.filter((result) => result.data?.requestPairing)).toHaveLength(2);
      expect(results.flatMap(codes)).toEqual(["CONFLICT"]);
    } finally {
      await twoPlaces.close();
    }
  });

  it("refuses households not in need, elsewhere or unknown with one answer to a partner", async () => {
    const partner = await approvedPartner();
    const notInNeed = randomUUID();
    await subgraph.prisma.household.create({ data: { id: notInNeed, blockCode: BLOCK, address: "a, b, c", size: 2, needs: [] } });
    const otherStreet = await householdInNeed("310105002001001");
    const answers = await Promise.all(
      [notInNeed, otherStreet, randomUUID()].map((householdId) =>
        subgraph.query(REQUEST, { input: { householdId }, key: key() }, { as: asPartner(partner) }),
      ),
    );
    for (const answer of answers) {
      expect(answer.errors?.map(({ message, extensions }) => ({ message, extensions }))).toEqual([
        {
          message: "No household in need of your street has this id.",
          extensions: { code: "BAD_USER_INPUT", field: "householdId" },
        },
      ]);
    }
  });
});

describe("reading pairings", () => {
  it("loads myPairings and a place's pairings with as many statements for five pairings as for one", async () => {
    const partner = await approvedPartner({ capacity: 5 });
    const request = async () =>
      subgraph.query(REQUEST, { input: { householdId: await householdInNeed() }, key: key() }, { as: asPartner(partner) });
    const MINE = `{ myPairings { id status partner { name memberCount openPairingCount }
      pairedHousehold { blockCode needs salutation contactPhone } checkIns { kind } } }`;
    const PLACE = `{ pairings(place: "${BLOCK}", first: 100) { edges { node { id partner { name }
      pairedHousehold { salutation contactPhone } household { id size } checkIns { kind } } } } }`;
    const statements = async (document: string, as: TestClaims) => {
      subgraph.sql.reset();
      const response = await subgraph.query(document, {}, { as });
      expect(response.errors).toBeUndefined();
      return { count: subgraph.sql.count, response };
    };
    await request();
    const one = await statements(MINE, asPartner(partner));
    const placeWithOne = await statements(PLACE, worker);
    for (let i = 0; i < 4; i++) await request();
    const placeWithFive = await statements(PLACE, worker);
    const five = await statements(MINE, asPartner(partner));
    expect(one.response.data?.myPairings).toHaveLength(1);
    expect(five.response.data?.myPairings).toHaveLength(5);
    expect(five.response.data?.myPairings[0].pairedHousehold).toEqual({
      blockCode: BLOCK,
      needs: ["ELDERLY_LIVING_ALONE"],
      salutation: null,
      contactPhone: null,
    });
    expect(five.count).toBe(one.count);
    expect(placeWithFive.count).toBe(placeWithOne.count);
    expect(placeWithFive.response.data?.pairings.edges.length).toBeGreaterThan(placeWithOne.response.data?.pairings.edges.length);
    // pairings, households, heads of household, partners, check-ins, then members and open pairings
    // grouped per partner; the place's page skips the two counts.
    expect(five.count).toBeLessThanOrEqual(7);
    expect(placeWithFive.count).toBeLessThanOrEqual(5);
  });
});

describe("bounded lists", () => {
  it("answers myPairings a page at a time, at most 100", async () => {
    const partnerId = await approvedPartner();
    for (let i = 0; i < 2; i++) {
      const proposed = await subgraph.query(
        REQUEST,
        { input: { partnerId, householdId: await householdInNeed() }, key: key() },
        { as: worker },
      );
      expect(proposed.errors).toBeUndefined();
    }
    const partner = asPartner(partnerId);
    const all = await subgraph.query(`{ myPairings { id } }`, {}, { as: partner });
    expect(all.data?.myPairings).toHaveLength(2);
    const one = await subgraph.query(`{ myPairings(first: 1) { id } }`, {}, { as: partner });
    expect(one.data?.myPairings).toEqual([all.data?.myPairings[0]]);
    const tooMany = await subgraph.query(`{ myPairings(first: 500) { id } }`, {}, { as: partner });
    expect(tooMany.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "first" });
  });
});

describe("what pairing texts reveal", () => {
  it("introduces only households that accepted, and keeps workers' notes from partners and analysts", async () => {
    const partnerId = await approvedPartner();
    const household = await householdInNeed();
    const proposed = await subgraph.query(
      REQUEST,
      { input: { partnerId, householdId: household, note: "For 王秀英, 82, lives alone" }, key: key() },
      { as: worker },
    );
    expect(proposed.errors).toBeUndefined();
    const pairingId = proposed.data?.requestPairing.id as string;
    const declined = await subgraph.query(
      `mutation($id: ID!) { endPairing(id: $id, reason: DECLINED, note: "王秀英's daughter said no") { status } }`,
      { id: pairingId },
      { as: worker },
    );
    expect(declined.errors).toBeUndefined();

    const PAIRING = `query($id: ID!) { pairing(id: $id) { status proposalNote endNote pairedHousehold { salutation } } }`;
    const partnerView = await subgraph.query(PAIRING, { id: pairingId }, { as: asPartner(partnerId) });
    expect(partnerView.data?.pairing).toEqual({
      status: "ENDED",
      proposalNote: null,
      endNote: null,
      pairedHousehold: { salutation: null },
    });
    expect(partnerView.raw).not.toContain("王");

    const analyst = { sub: "analyst", role: "district_analyst", scope: "310105" };
    const analystView = await subgraph.query(PAIRING, { id: pairingId }, { as: analyst });
    expect(analystView.data?.pairing).toMatchObject({ proposalNote: null, endNote: null });
    expect(analystView.raw).not.toContain("82, lives alone");

    const workerView = await subgraph.query(PAIRING, { id: pairingId }, { as: worker });
    expect(workerView.data?.pairing).toMatchObject({
      proposalNote: "For 王秀英, 82, lives alone",
      endNote: "王秀英's daughter said no",
    });
  });
});

describe("expiry", () => {
  it("stops an expired partner starting pairings (proposing or being accepted) until it is vetted again", async () => {
    const partner = await approvedPartner();
    const [proposedFirst, household] = [await householdInNeed(), await householdInNeed()];
    const proposal = await subgraph.query(
      REQUEST,
      { input: { householdId: proposedFirst }, key: key() },
      { as: asPartner(partner) },
    );
    await subgraph.prisma.partnerOrganization.update({
      where: { id: partner },
      data: { approvedUntil: new Date(Date.now() - 1000) },
    });

    const refused = await subgraph.query(REQUEST, { input: { householdId: household }, key: key() }, { as: asPartner(partner) });
    expect(refused.errors?.[0]?.extensions).toEqual({ code: "CONFLICT", field: "partnerId" });
    expect(refused.errors?.[0]?.message).toMatch(/approval expired on \d{4}-\d{2}-\d{2}/);
    const byWorker = await subgraph.query(
      REQUEST,
      { input: { partnerId: partner, householdId: household }, key: key() },
      { as: worker },
    );
    expect(codes(byWorker)).toEqual(["CONFLICT"]);
    const ACCEPT = `mutation($id: ID!) { acceptPairing(id: $id, consent: { householdAgreed: true, contactConsent: false }) { status } }`;
    const accept = await subgraph.query(ACCEPT, { id: proposal.data?.requestPairing.id }, { as: worker });
    expect(codes(accept)).toEqual(["CONFLICT"]);
    const state = await subgraph.query(
      `query($id: ID!) { partner(id: $id) { canStartPairings } }`,
      { id: partner },
      { as: officer },
    );
    expect(state.data?.partner).toEqual({ canStartPairings: false });

    await subgraph.query(APPROVE, { id: partner, until: inAYear() }, { as: officer });
    const renewed = await subgraph.query(REQUEST, { input: { householdId: household }, key: key() }, { as: asPartner(partner) });
    expect(renewed.data?.requestPairing).toMatchObject({ status: "PROPOSED", proposedBy: "PARTNER" });
    expect((await subgraph.query(ACCEPT, { id: proposal.data?.requestPairing.id }, { as: worker })).data?.acceptPairing).toEqual({
      status: "ACTIVE",
    });
  });
});

describe("entities", () => {
  it("resolves PartnerOrganization and Pairing through _entities for those who may see them, null and FORBIDDEN otherwise", async () => {
    const [mine, theirs] = [await approvedPartner(), await approvedPartner()];
    const household = await householdInNeed();
    const pairing = await subgraph.query(REQUEST, { input: { householdId: household }, key: key() }, { as: asPartner(mine) });
    const pairingId = pairing.data?.requestPairing.id;
    const query = `query($reps: [_Any!]!) { _entities(representations: $reps) {
      ... on PartnerOrganization { id name } ... on Pairing { id status pairedHousehold { blockCode } } } }`;
    const reps = [
      { __typename: "PartnerOrganization", id: mine },
      { __typename: "Pairing", id: pairingId },
      { __typename: "Pairing", id: "not-an-id" },
    ];
    const admin = await subgraph.query(query, { reps });
    expect(admin.errors).toBeUndefined();
    expect(admin.data?._entities).toEqual([
      { id: mine, name: "Xianxia Pharmacy Chain" },
      { id: pairingId, status: "PROPOSED", pairedHousehold: { blockCode: BLOCK } },
      null,
    ]);
    expect((await subgraph.query(query, { reps: reps.slice(0, 2) }, { as: asPartner(mine) })).data?._entities).toEqual(
      admin.data?._entities.slice(0, 2),
    );
    const other = await subgraph.query(query, { reps: reps.slice(0, 2) }, { as: asPartner(theirs) });
    expect(other.data?._entities).toEqual([null, null]);
    expect(codes(other)).toEqual(["FORBIDDEN", "FORBIDDEN"]);
  });
});

describe("coverage and member counts on places", () => {
  const COVERAGE = `query($reps: [_Any!]!) { _entities(representations: $reps) {
    ... on District { pairingCoverage { householdsInNeed pairedHouseholds rate } partnerMemberCount }
    ... on Street { pairingCoverage { householdsInNeed pairedHouseholds rate } partnerMemberCount }
    ... on Community { pairingCoverage { householdsInNeed pairedHouseholds rate } partnerMemberCount }
    ... on Block { pairingCoverage { householdsInNeed pairedHouseholds rate } partnerMemberCount } } }`;

  /** Every place's figures recounted one row at a time. */
  async function bruteForce(code: string) {
    const households = await subgraph.prisma.household.findMany({ include: { pairings: true } });
    const inNeed = households.filter((h) => h.blockCode.startsWith(code) && h.needs.length > 0);
    const paired = inNeed.filter((h) => h.pairings.some((p) => p.status === "ACTIVE")).length;
    const members = (await subgraph.prisma.partnerMember.findMany()).filter((m) => m.homeBlockCode.startsWith(code)).length;
    return {
      pairingCoverage: {
        householdsInNeed: inNeed.length,
        pairedHouseholds: paired,
        rate: inNeed.length ? paired / inNeed.length : null,
      },
      partnerMemberCount: members,
    };
  }

  it("equals a brute-force recount at every level, with the seeded pairings counted", async () => {
    expect(demoPartners(scale).pairings.length).toBeGreaterThan(0);
    const places = [
      { __typename: "District", code: tree.district.code },
      ...tree.streets.map(({ code }) => ({ __typename: "Street", code })),
      ...tree.communities.slice(0, 5).map(({ code }) => ({ __typename: "Community", code })),
      ...tree.blocks.slice(0, 12).map(({ code }) => ({ __typename: "Block", code })),
      { __typename: "Block", code: "310105009009009" },
    ];
    const { data, errors } = await subgraph.query(COVERAGE, { reps: places });
    expect(errors).toBeUndefined();
    const expected = await Promise.all(places.map(({ code }) => bruteForce(code)));
    expect(data?._entities).toEqual(expected);
    expect(expected[0]!.pairingCoverage.pairedHouseholds).toBeGreaterThan(0);
    expect(expected.at(-1)).toEqual({
      pairingCoverage: { householdsInNeed: 0, pairedHouseholds: 0, rate: null },
      partnerMemberCount: 0,
    });
  });

  it("costs as many statements for 60 blocks as for 5", async () => {
    const blocks = (count: number) => tree.blocks.slice(0, count).map(({ code }) => ({ __typename: "Block", code }));
    subgraph.sql.reset();
    const five = await subgraph.query(COVERAGE, { reps: blocks(5) });
    const forFive = subgraph.sql.count;
    subgraph.sql.reset();
    const sixty = await subgraph.query(COVERAGE, { reps: blocks(60) });
    const forSixty = subgraph.sql.count;
    expect(five.errors).toBeUndefined();
    expect(sixty.data?._entities).toHaveLength(60);
    expect(forSixty).toBe(forFive);
    expect(forSixty).toBe(2);
  });

  it("is for those who read the place: partners get FORBIDDEN", async () => {
    const response = await subgraph.query(
      COVERAGE,
      { reps: [{ __typename: "District", code: tree.district.code }] },
      { as: asPartner(randomUUID()) },
    );
    expect(response.data?._entities).toEqual([null]);
    expect(codes(response)).toContain("FORBIDDEN");
  });
});
