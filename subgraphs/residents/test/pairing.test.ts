// Pairing at the residents subgraph: capacity on both sides under concurrent requests, reading
// pairings in few statements, what their texts reveal, expiry, and entities.
import { randomUUID } from "node:crypto";
import { creditCode } from "@grassroots/demo-district";
import { startTestSubgraph, type TestClaims } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createResidentsSubgraph } from "../src/subgraph";
import {
  APPROVE,
  analyst,
  asPartner,
  BLOCK,
  codes,
  fixtures,
  inAYear,
  key,
  officer,
  REQUEST,
  random,
  STREET,
  type Subgraph,
  startResidents,
  worker,
} from "./support";

let subgraph: Subgraph;
beforeAll(async () => {
  subgraph = await startResidents();
});
afterAll(() => subgraph?.close());
const { approvedPartner, householdInNeed } = fixtures(() => subgraph);

describe("capacity", () => {
  it("gives a household's last place to exactly one of several partners racing for it", async () => {
    const partners = await Promise.all([1, 2, 3, 4, 5, 6].map(() => approvedPartner()));
    const household = await householdInNeed();
    const results = await Promise.all(
      partners.map((id) => subgraph.query(REQUEST, { input: { householdId: household }, key: key() }, { as: asPartner(id) })),
    );
    const winners = results.filter((result) => result.data?.requestPairing);
    expect(winners).toHaveLength(1);
    // The others hear what they would of an absent household: its places are none of their business.
    expect(results.flatMap(codes).sort()).toEqual(Array(5).fill("BAD_USER_INPUT"));
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
      createResidentsSubgraph({ settings: { pairingPlacesPerHousehold: 2 } }),
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
              // Partners act through an account: the token's claims are honoured only with one.
              accounts: { create: { id: randomUUID(), subject: String(asPartner(id).sub), role: "ADMINISTRATOR" } },
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
      expect(results.flatMap(codes)).toEqual(["BAD_USER_INPUT"]);
    } finally {
      await twoPlaces.close();
    }
  });

  it("refuses households not in need, elsewhere, paired with others or unknown with one answer to a partner", async () => {
    const partner = await approvedPartner();
    const notInNeed = randomUUID();
    await subgraph.prisma.household.create({ data: { id: notInNeed, blockCode: BLOCK, address: "a, b, c", size: 2, needs: [] } });
    const otherStreet = await householdInNeed("310105002001001");
    const pairedWithOther = await householdInNeed();
    const other = await approvedPartner();
    const taken = await subgraph.query(
      REQUEST,
      { input: { householdId: pairedWithOther }, key: key() },
      { as: asPartner(other) },
    );
    expect(taken.errors).toBeUndefined();
    const answers = await Promise.all(
      [notInNeed, otherStreet, pairedWithOther, randomUUID()].map((householdId) =>
        subgraph.query(REQUEST, { input: { householdId }, key: key() }, { as: asPartner(partner) }),
      ),
    );
    for (const answer of answers) {
      expect(answer.errors?.map(({ message, extensions }) => ({ message, extensions }))).toEqual([
        {
          message: "No household in need of your street that is open for pairing has this id.",
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
    // the partner's account (read at every partner request), pairings, households, heads of household,
    // partners, check-ins, then members and open pairings grouped per partner; the place's page
    // (a worker: no account to read) skips the account and the two counts.
    expect(five.count).toBeLessThanOrEqual(8);
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
