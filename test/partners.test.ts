// Partner organisations through the real gateway: the whole pairing journey with the household's
// view (its record, as its community worker sees it) and the partner's view (myPairings) at each
// step; isolation between partners by every path, through the gateway and at the subgraph directly;
// and the race for a household's last place.
import { randomUUID } from "node:crypto";
import { creditCode, Random } from "@grassroots/demo-district";
import type { TestClaims } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGraph, startGraph } from "./harness";
import { expectNothingInternal } from "./support/leaks";
import { demoUser } from "./support/users";

let graph: RunningGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const user = demoUser;
const officer = () => user("demo-street-officer");
const worker = () => user("demo-community-worker");
/** Who registered each organisation: its first administrator, whose account backs a partner token. */
const registrants = new Map<string, string>();
const person = (): TestClaims => ({ sub: `person-${randomUUID()}` });
const asPartner = (id: string): TestClaims => ({
  sub: registrants.get(id) ?? `partner-${id.slice(0, 8)}`,
  role: "partner",
  scope: id,
});

/** Registers as a signed-in person without a role, who becomes the organisation's administrator. */
async function register(name: string) {
  const registrant = person();
  const registered = await query(REGISTER, { input: registration(name), key: key() }, registrant);
  const id = registered.data?.registerPartner.partnerId as string | undefined;
  if (id) registrants.set(id, registrant.sub as string);
  return registered;
}

const BLOCK = "310105001001001";
const random = new Random("partners-e2e");
const key = () => `e2e-${randomUUID()}`;
const codes = (response: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  response.errors?.map((error) => error.extensions?.code) ?? [];

async function query(document: string, variables: Record<string, unknown>, as: TestClaims | null) {
  const response = await graph.query(document, variables, as);
  expectNothingInternal(response.raw);
  return response;
}

const REGISTER = `mutation($input: RegisterPartnerInput!, $key: String!) {
  registerPartner(input: $input, idempotencyKey: $key) { partnerId status street { code } } }`;
const APPROVE = `mutation($id: ID!, $until: DateTime!) {
  approvePartner(id: $id, vettingNotes: "Business licence and references checked.", approvedUntil: $until) {
    id status canStartPairings street { name } } }`;
const REQUEST = `mutation($input: RequestPairingInput!, $key: String!) {
  requestPairing(input: $input, idempotencyKey: $key) { id status } }`;

const registration = (name: string) => ({
  name,
  kind: "SOCIAL_ORGANIZATION",
  creditCode: creditCode(random, "SOCIAL_ORGANIZATION"),
  contactPerson: "顾海燕",
  contactPhone: "021-62345678",
  streetCode: "310105001",
  services: ["ELDERLY_LIVING_ALONE", "DISABILITY"],
  capacity: 3,
});

async function approvedPartner(name: string) {
  const registered = await register(name);
  const id = registered.data?.registerPartner.partnerId as string;
  const approved = await query(APPROVE, { id, until: new Date(Date.now() + 180 * 86_400_000).toISOString() }, officer());
  expect(approved.errors).toBeUndefined();
  return id;
}

interface MadeHousehold {
  id: string;
  phone: string;
  address: string;
  headName: string;
}

/** A household in need in the demo community worker's block, headed by a woman (sex digit 2). */
async function householdInNeed(headName: string): Promise<MadeHousehold> {
  const made = {
    id: randomUUID(),
    phone: `139${random.digits(8)}`,
    address: `Room 30${random.int(1, 9)}, No. 7, Lane 88, Wuyi Road`,
    headName,
  };
  await graph.subgraphs.residents.prisma.household.create({
    data: {
      id: made.id,
      blockCode: BLOCK,
      address: made.address,
      size: 1,
      needs: ["ELDERLY_LIVING_ALONE"],
      contactPhone: made.phone,
      residents: { create: { id: randomUUID(), name: headName, idNumber: "310105194802124428", birthYear: 1948, isHead: true } },
    },
  });
  return made;
}

const MY_PAIRINGS = `{ myPairings { id status contactConsent endReason
  pairedHousehold { blockCode needs salutation contactPhone } checkIns { kind help } } }`;
const HOUSEHOLD_VIEW = `query($id: ID!) { household(id: $id) { id contactPhone
  pairings { id status contactConsent endReason partner { name } checkIns { kind help } } } }`;

describe("the pairing journey through the gateway", () => {
  it("register → approve → propose → accept with consent → check-in → end, both views at each step", async () => {
    const household = await householdInNeed("沈玉兰");
    const views = async (partnerId: string) => ({
      partner: (await query(MY_PAIRINGS, {}, asPartner(partnerId))).data?.myPairings,
      household: (await query(HOUSEHOLD_VIEW, { id: household.id }, worker())).data?.household.pairings,
    });

    // Register: a signed-in person without a role (its first administrator); PENDING, nothing paired yet.
    const registered = await register("Sunshine Elderly Care Society");
    expect(registered.errors).toBeUndefined();
    expect(registered.data?.registerPartner).toMatchObject({ status: "PENDING", street: { code: "310105001" } });
    const partnerId = registered.data?.registerPartner.partnerId as string;
    // Until the street office approves it, its registrant does not act for it (partner token or not).
    const early = await query(REQUEST, { input: { householdId: household.id }, key: key() }, asPartner(partnerId));
    expect(codes(early)).toEqual(["FORBIDDEN"]);
    expect(await views(partnerId)).toEqual({ partner: null, household: [] });

    // Approve: the street's officer, until a date in the future.
    const approved = await query(
      APPROVE,
      { id: partnerId, until: new Date(Date.now() + 86_400_000 * 365).toISOString() },
      officer(),
    );
    expect(approved.data?.approvePartner).toMatchObject({ id: partnerId, status: "APPROVED", canStartPairings: true });

    // Propose: the partner sees where and which needs, not who (no salutation before consent).
    const proposed = await query(
      REQUEST,
      { input: { householdId: household.id, note: "Weekly visits" }, key: key() },
      asPartner(partnerId),
    );
    const pairingId = proposed.data?.requestPairing.id as string;
    expect(proposed.data?.requestPairing).toEqual({ id: pairingId, status: "PROPOSED" });
    const pairingBase = { id: pairingId, endReason: null, checkIns: [] };
    expect(await views(partnerId)).toEqual({
      partner: [
        {
          ...pairingBase,
          status: "PROPOSED",
          contactConsent: false,
          pairedHousehold: { blockCode: BLOCK, needs: ["ELDERLY_LIVING_ALONE"], salutation: null, contactPhone: null },
        },
      ],
      household: [
        { ...pairingBase, status: "PROPOSED", contactConsent: false, partner: { name: "Sunshine Elderly Care Society" } },
      ],
    });

    // Accept with consent: the household agreed, and separately let its phone be shared.
    const accepted = await query(
      `mutation($id: ID!) { acceptPairing(id: $id, consent: { householdAgreed: true, contactConsent: true, note: "Signed at a home visit" }) {
        status contactConsent consentNote } }`,
      { id: pairingId },
      worker(),
    );
    expect(accepted.data?.acceptPairing).toEqual({
      status: "ACTIVE",
      contactConsent: true,
      consentNote: "Signed at a home visit",
    });
    expect(await views(partnerId)).toEqual({
      partner: [
        {
          ...pairingBase,
          status: "ACTIVE",
          contactConsent: true,
          pairedHousehold: {
            blockCode: BLOCK,
            needs: ["ELDERLY_LIVING_ALONE"],
            salutation: "沈女士",
            contactPhone: household.phone,
          },
        },
      ],
      household: [{ ...pairingBase, status: "ACTIVE", contactConsent: true, partner: { name: "Sunshine Elderly Care Society" } }],
    });

    // Check-in: the partner logs the help; a retry with the same key logs it once.
    const checkIn = {
      input: {
        pairingId,
        kind: "HOME_VISIT",
        help: "Brought groceries and checked the heating.",
        happenedAt: new Date().toISOString(),
      },
      key: key(),
    };
    const LOG = `mutation($input: LogCheckInInput!, $key: String!) { logCheckIn(input: $input, idempotencyKey: $key) { id kind help } }`;
    const logged = await query(LOG, checkIn, asPartner(partnerId));
    const retried = await query(LOG, checkIn, asPartner(partnerId));
    expect(retried.data?.logCheckIn).toEqual(logged.data?.logCheckIn);
    const help = [{ kind: "HOME_VISIT", help: "Brought groceries and checked the heating." }];
    const active = await views(partnerId);
    expect(active.partner[0].checkIns).toEqual(help);
    expect(active.household[0].checkIns).toEqual(help);

    // The household withdraws its consent to share the phone: the partner no longer sees it.
    await query(
      `mutation($id: ID!) { updatePairingConsent(id: $id, contactConsent: false) { id } }`,
      { id: pairingId },
      worker(),
    );
    expect((await views(partnerId)).partner[0].pairedHousehold.contactPhone).toBeNull();

    // End: with a reason; the partner keeps its history without the phone, the place is free again.
    const ended = await query(
      `mutation($id: ID!) { endPairing(id: $id, reason: NEEDS_MET, note: "Moved into a care home nearby") { status endReason endedAt } }`,
      { id: pairingId },
      asPartner(partnerId),
    );
    expect(ended.data?.endPairing).toMatchObject({ status: "ENDED", endReason: "NEEDS_MET" });
    const after = await views(partnerId);
    expect(after.partner).toEqual([
      {
        ...pairingBase,
        status: "ENDED",
        contactConsent: false,
        endReason: "NEEDS_MET",
        checkIns: help,
        pairedHousehold: { blockCode: BLOCK, needs: ["ELDERLY_LIVING_ALONE"], salutation: "沈女士", contactPhone: null },
      },
    ]);
    expect(after.household).toEqual([
      {
        ...pairingBase,
        status: "ENDED",
        contactConsent: false,
        endReason: "NEEDS_MET",
        checkIns: help,
        partner: { name: "Sunshine Elderly Care Society" },
      },
    ]);
    const lateLog = await query(LOG, { ...checkIn, key: key() }, asPartner(partnerId));
    expect(codes(lateLog)).toEqual(["CONFLICT"]);
  });

  it("shows pairing coverage and partner members on the dashboard's places", async () => {
    const response = await query(
      `{ district(code: "310105") { pairingCoverage { householdsInNeed pairedHouseholds rate } partnerMemberCount
        streets { code pairingCoverage { householdsInNeed pairedHouseholds } partnerMemberCount } } }`,
      {},
      user("demo-district-analyst"),
    );
    expect(response.errors).toBeUndefined();
    const district = response.data?.district;
    const households = await graph.subgraphs.residents.prisma.household.findMany({ include: { pairings: true } });
    const inNeed = households.filter((household) => household.needs.length > 0);
    const paired = inNeed.filter((household) => household.pairings.some((pairing) => pairing.status === "ACTIVE")).length;
    expect(district.pairingCoverage).toEqual({
      householdsInNeed: inNeed.length,
      pairedHouseholds: paired,
      rate: paired / inNeed.length,
    });
    expect(district.partnerMemberCount).toBe(await graph.subgraphs.residents.prisma.partnerMember.count());
    const sum = (pick: (street: any) => number) =>
      district.streets.reduce((total: number, street: any) => total + pick(street), 0);
    expect(sum((street) => street.pairingCoverage.householdsInNeed)).toBe(inNeed.length);
    expect(sum((street) => street.partnerMemberCount)).toBe(district.partnerMemberCount);
  });
});

describe("what partners see", () => {
  let a: string;
  let b: string;
  let ofA: MadeHousehold;
  let ofB: MadeHousehold;
  let unpaired: MadeHousehold;
  let pairingOfB: string;

  beforeAll(async () => {
    [a, b] = [await approvedPartner("Changning No. 3 Middle School"), await approvedPartner("Tianshan Logistics Co.")];
    [ofA, ofB, unpaired] = [await householdInNeed("顾秀英"), await householdInNeed("朱海燕"), await householdInNeed("徐玉兰")];
    const ACCEPT = `mutation($id: ID!) { acceptPairing(id: $id, consent: { householdAgreed: true, contactConsent: false }) { id } }`;
    for (const [partner, household] of [
      [a, ofA],
      [b, ofB],
    ] as const) {
      const proposed = await query(REQUEST, { input: { householdId: household.id }, key: key() }, asPartner(partner));
      await query(ACCEPT, { id: proposed.data?.requestPairing.id }, worker());
      if (partner === b) pairingOfB = proposed.data?.requestPairing.id;
    }
  });

  /** Nothing of a household a partner must not know reaches the partner. */
  const expectNothingOf = (raw: string, ...households: MadeHousehold[]) => {
    for (const household of households) {
      for (const secret of [
        household.id,
        household.phone,
        household.address,
        household.headName,
        `${household.headName[0]}女士`,
      ]) {
        expect(raw).not.toContain(secret);
      }
    }
  };

  it("myPairings: its own households only, without phone (no consent) and never the record", async () => {
    const response = await query(MY_PAIRINGS, {}, asPartner(a));
    expect(response.data?.myPairings).toEqual([
      expect.objectContaining({
        status: "ACTIVE",
        pairedHousehold: { blockCode: BLOCK, needs: ["ELDERLY_LIVING_ALONE"], salutation: "顾女士", contactPhone: null },
      }),
    ]);
    expectNothingOf(response.raw, ofB, unpaired);
    expect(response.raw).not.toContain(ofA.phone);
    const record = await query(`{ myPairings { household { id contactPhone } } }`, {}, asPartner(a));
    expect(record.data?.myPairings).toEqual([{ household: null }]);
    expect(codes(record)).toEqual(["FORBIDDEN"]);
    expectNothingOf(record.raw, ofA, ofB, unpaired);
  });

  it("every other path through the gateway: null and FORBIDDEN", async () => {
    const household = `query($id: ID!) { household(id: $id) { id needs contactPhone } }`;
    const paths: [string, Record<string, unknown>, unknown][] = [
      [household, { id: ofA.id }, { household: null }],
      [household, { id: ofB.id }, { household: null }],
      [household, { id: unpaired.id }, { household: null }],
      [
        `query($id: ID!) { pairing(id: $id) { id pairedHousehold { salutation contactPhone } } }`,
        { id: pairingOfB },
        { pairing: null },
      ],
      [`query($id: ID!) { partner(id: $id) { id name } }`, { id: b }, { partner: null }],
      [`{ block(code: "${BLOCK}") { households(first: 100) { edges { node { id contactPhone } } } } }`, {}, { block: null }],
      [`{ pairings(place: "${BLOCK}") { edges { node { id pairedHousehold { salutation } } } } }`, {}, { pairings: null }],
      [`{ pairings(place: "310105") { edges { node { id } } } }`, {}, { pairings: null }],
    ];
    for (const [document, variables, expected] of paths) {
      const response = await query(document, variables, asPartner(a));
      expect(response.data, document).toEqual(expected);
      expect(codes(response), document).toEqual(["FORBIDDEN"]);
      expectNothingOf(response.raw, ofA, ofB, unpaired);
    }
  });

  it("every path at the subgraph directly, with the gateway secret: null and FORBIDDEN", async () => {
    const direct = graph.subgraphs.residents;
    const entities = await direct.query(
      `query($reps: [_Any!]!) { _entities(representations: $reps) {
        ... on Household { id needs contactPhone address }
        ... on Pairing { id pairedHousehold { salutation contactPhone } }
        ... on PartnerOrganization { id name }
        ... on Block { households(first: 100) { edges { node { id } } } } } }`,
      {
        reps: [
          ...[ofA, ofB, unpaired].map(({ id }) => ({ __typename: "Household", id })),
          { __typename: "Pairing", id: pairingOfB },
          { __typename: "PartnerOrganization", id: b },
          { __typename: "Block", code: BLOCK },
        ],
      },
      { as: asPartner(a) },
    );
    expect(entities.data?._entities).toEqual([null, null, null, null, null, { households: null }]);
    expect(codes(entities)).toEqual(Array(6).fill("FORBIDDEN"));
    expectNothingOf(entities.raw, ofA, ofB, unpaired);

    const own = await direct.query(
      `{ myPairings { pairedHousehold { salutation } household { id } } }`,
      {},
      { as: asPartner(a) },
    );
    expect(own.data?.myPairings).toEqual([{ pairedHousehold: { salutation: "顾女士" }, household: null }]);
    expect(codes(own)).toEqual(["FORBIDDEN"]);
  });

  it("another partner's pairing cannot be ended, accepted or logged against", async () => {
    const attempts = [
      `mutation { endPairing(id: "${pairingOfB}", reason: PARTNER_WITHDREW) { id } }`,
      `mutation { acceptPairing(id: "${pairingOfB}", consent: { householdAgreed: true, contactConsent: true }) { id } }`,
      `mutation { updatePairingConsent(id: "${pairingOfB}", contactConsent: true) { id } }`,
      `mutation { logCheckIn(input: { pairingId: "${pairingOfB}", kind: OTHER, help: "x", happenedAt: "${new Date().toISOString()}" }, idempotencyKey: "${key()}") { id } }`,
      `mutation { requestPairing(input: { partnerId: "${b}", householdId: "${unpaired.id}" }, idempotencyKey: "${key()}") { id } }`,
    ];
    for (const document of attempts) {
      const response = await query(document, {}, asPartner(a));
      expect(codes(response), document).toEqual(["FORBIDDEN"]);
      expectNothingOf(response.raw, ofB, unpaired);
    }
    const still = await graph.subgraphs.residents.prisma.pairing.findUniqueOrThrow({ where: { id: pairingOfB } });
    expect(still).toMatchObject({ status: "ACTIVE", contactConsent: false });
  });

  it("cannot tell a household paired with another partner from an absent one, nor can a worker a partner of another street", async () => {
    const answer = async (householdId: string) => {
      const response = await query(REQUEST, { input: { householdId }, key: key() }, asPartner(a));
      return response.errors?.map(({ message, extensions }) => ({ message, extensions }));
    };
    const absent = await answer(randomUUID());
    expect(absent).toEqual([
      { message: expect.stringMatching(/No household in need/), extensions: { code: "BAD_USER_INPUT", field: "householdId" } },
    ]);
    expect(await answer(ofB.id)).toEqual(absent);

    const elsewhere = await query(
      REGISTER,
      { input: { ...registration("Xinjing Community Foundation"), streetCode: "310105002" }, key: key() },
      person(),
    );
    const partnerElsewhere = elsewhere.data?.registerPartner.partnerId as string;
    const byWorker = async (partnerId: string) => {
      const response = await query(REQUEST, { input: { partnerId, householdId: unpaired.id }, key: key() }, worker());
      return response.errors?.map(({ message, extensions }) => ({ message, extensions }));
    };
    const unknownPartner = await byWorker(randomUUID());
    expect(unknownPartner?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "partnerId" });
    expect(await byWorker(partnerElsewhere)).toEqual(unknownPartner);

    const entities = await graph.subgraphs.residents.query(
      `query($reps: [_Any!]!) { _entities(representations: $reps) {
        ... on Household { id } ... on Pairing { id } ... on PartnerOrganization { id } } }`,
      {
        reps: [
          { __typename: "Household", id: ofB.id },
          { __typename: "Household", id: randomUUID() },
          { __typename: "Pairing", id: pairingOfB },
          { __typename: "Pairing", id: randomUUID() },
          { __typename: "PartnerOrganization", id: b },
          { __typename: "PartnerOrganization", id: randomUUID() },
        ],
      },
      { as: asPartner(a) },
    );
    expect(entities.data?._entities).toEqual(Array(6).fill(null));
    expect(entities.errors?.map(({ message, extensions }) => ({ message, extensions }))).toEqual(
      Array(6).fill({ message: "You do not have access to this.", extensions: { code: "FORBIDDEN" } }),
    );
  });

  it("shows analysts the salutation masked, as they see the name; in full to the partner and those who serve the household", async () => {
    const PAIRED = `{ myPairings { id pairedHousehold { salutation } } }`;
    const mine = await query(PAIRED, {}, asPartner(a));
    const pairingOfA = mine.data?.myPairings[0].id as string;
    expect(mine.data?.myPairings[0].pairedHousehold).toEqual({ salutation: "顾女士" });
    const PAIRING = `query($id: ID!) { pairing(id: $id) { pairedHousehold { salutation }
      household { residents { name } } } }`;
    const analyst = await query(PAIRING, { id: pairingOfA }, user("demo-district-analyst"));
    expect(analyst.data?.pairing).toEqual({
      pairedHousehold: { salutation: "顾**" },
      household: { residents: [{ name: "顾**" }] },
    });
    expect(analyst.raw).not.toContain("女士");
    const member = await query(PAIRING, { id: pairingOfA }, user("demo-block-member"));
    expect(member.data?.pairing.pairedHousehold).toEqual({ salutation: "顾女士" });
  });

  it("two partners racing through the gateway for a household's last place: exactly one wins", async () => {
    const household = await householdInNeed("何秀英");
    const [c, d] = [
      await approvedPartner("Red Cross Changning Branch"),
      await approvedPartner("Hongqiao Property Services Ltd."),
    ];
    const results = await Promise.all(
      [c, d].map((partner) => query(REQUEST, { input: { householdId: household.id }, key: key() }, asPartner(partner))),
    );
    expect(results.filter((result) => result.data?.requestPairing?.status === "PROPOSED")).toHaveLength(1);
    // The loser hears what it would of an absent household (issue 10: no existence oracle).
    expect(results.flatMap(codes)).toEqual(["BAD_USER_INPUT"]);
  });
});

describe("retries, pages, members and registration limits", () => {
  it("answers a retried transition as the first call did, without a change; another caller after it gets CONFLICT", async () => {
    const until = new Date(Date.now() + 90 * 86_400_000).toISOString();
    const registered = await register("Jiangsu Road Neighbours Association");
    const partnerId = registered.data?.registerPartner.partnerId as string;
    const first = await query(APPROVE, { id: partnerId, until }, officer());
    const again = await query(APPROVE, { id: partnerId, until }, officer());
    expect(again.errors).toBeUndefined();
    expect(again.data?.approvePartner).toEqual(first.data?.approvePartner);

    const household = await householdInNeed("钱桂英");
    const proposed = await query(REQUEST, { input: { householdId: household.id }, key: key() }, asPartner(partnerId));
    const id = proposed.data?.requestPairing.id as string;
    const ACCEPT = `mutation($id: ID!, $consent: Boolean!) {
      acceptPairing(id: $id, consent: { householdAgreed: true, contactConsent: $consent, note: "Signed form." }) {
        status acceptedAt contactConsent } }`;
    const accepted = await query(ACCEPT, { id, consent: true }, worker());
    const resent = await query(ACCEPT, { id, consent: true }, worker());
    expect(resent.errors).toBeUndefined();
    expect(resent.data?.acceptPairing).toEqual(accepted.data?.acceptPairing);
    const otherConsent = await query(ACCEPT, { id, consent: false }, worker());
    expect(codes(otherConsent)).toEqual(["CONFLICT"]);
    const otherWorker = await query(ACCEPT, { id, consent: true }, officer());
    expect(codes(otherWorker)).toEqual(["CONFLICT"]);

    const CONSENT = `mutation($id: ID!) { updatePairingConsent(id: $id, contactConsent: false, note: "Withdrawn by phone.") {
      contactConsent consentNote } }`;
    expect((await query(CONSENT, { id }, worker())).data).toEqual((await query(CONSENT, { id }, worker())).data);

    const END = `mutation($id: ID!) { endPairing(id: $id, reason: PARTNER_WITHDREW) { status endedAt endReason } }`;
    const ended = await query(END, { id }, asPartner(partnerId));
    const endedAgain = await query(END, { id }, asPartner(partnerId));
    expect(endedAgain.errors).toBeUndefined();
    expect(endedAgain.data?.endPairing).toEqual(ended.data?.endPairing);
    expect(codes(await query(END, { id }, worker()))).toEqual(["CONFLICT"]);

    const REJECT = `mutation($id: ID!) { rejectPartner(id: $id, vettingNotes: "No licence.") { status vettedAt } }`;
    const pending = await register("Unlicensed Helpers");
    const rejectedId = pending.data?.registerPartner.partnerId as string;
    const rejected = await query(REJECT, { id: rejectedId }, officer());
    const rejectedAgain = await query(REJECT, { id: rejectedId }, officer());
    expect(rejectedAgain.errors).toBeUndefined();
    expect(rejectedAgain.data?.rejectPartner).toEqual(rejected.data?.rejectPartner);
    expect(codes(await query(APPROVE, { id: rejectedId, until }, officer()))).toEqual(["CONFLICT"]);
  });

  it("pages a block's households from the end with last and before, and refuses what it cannot page", async () => {
    const ids = (
      await graph.subgraphs.residents.prisma.household.findMany({ where: { blockCode: BLOCK }, orderBy: { id: "asc" } })
    ).map((household) => household.id);
    const PAGE = `query($first: Int, $last: Int, $before: String, $after: String) { block(code: "${BLOCK}") {
      households(first: $first, last: $last, before: $before, after: $after) {
        pageInfo { hasNextPage hasPreviousPage startCursor } edges { node { id } } } } }`;
    const nodes = (response: { data?: Record<string, any> | null }) =>
      response.data?.block.households.edges.map((edge: { node: { id: string } }) => edge.node.id);
    const last = await query(PAGE, { last: 2 }, user("demo-block-member"));
    expect(nodes(last)).toEqual(ids.slice(-2));
    expect(last.data?.block.households.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const before = await query(
      PAGE,
      { last: 2, before: last.data?.block.households.pageInfo.startCursor },
      user("demo-block-member"),
    );
    expect(nodes(before)).toEqual(ids.slice(-4, -2));
    const tooMany = await query(PAGE, { last: 500 }, user("demo-block-member"));
    expect(tooMany.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "last" });
    const badCursor = await query(PAGE, { last: 2, before: "nope" }, user("demo-block-member"));
    expect(badCursor.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "before" });
  });

  it("lets a partner read its own members and their home blocks; a field it may not read nulls only that field", async () => {
    const partnerId = await approvedPartner("Changning Volunteers Union");
    const made = await query(
      `mutation($input: RegisterPartnerMemberInput!, $key: String!) { registerPartnerMember(input: $input, idempotencyKey: $key) { id } }`,
      { input: { partnerId, name: "陆建国", homeBlockCode: BLOCK }, key: key() },
      asPartner(partnerId),
    );
    expect(made.errors).toBeUndefined();
    const MEMBERS = `query($id: ID!) { partner(id: $id) { members { name homeBlockCode homeBlock { code name } } } }`;
    const own = await query(MEMBERS, { id: partnerId }, asPartner(partnerId));
    expect(own.data?.partner.members).toEqual([{ name: "陆建国", homeBlockCode: BLOCK, homeBlock: null }]);
    expect(codes(own)).toEqual(["FORBIDDEN"]);
    const vetting = await query(MEMBERS, { id: partnerId }, officer());
    expect(vetting.errors).toBeUndefined();
    expect(vetting.data?.partner.members).toEqual([
      { name: "陆建国", homeBlockCode: BLOCK, homeBlock: { code: BLOCK, name: expect.any(String) } },
    ]);
  });

  it("stops a flood of registrations to one street office, saying when to try again", async () => {
    const street = "310105002";
    const answers = [];
    for (let i = 0; i < 25; i++) {
      const input = { ...registration(`Flood ${i}`), streetCode: street };
      answers.push(await graph.query(REGISTER, { input, key: key() }, person()));
    }
    const refused = answers.filter((answer) => answer.errors);
    expect(refused.length).toBeGreaterThan(0);
    expect(answers.length - refused.length).toBeLessThanOrEqual(20);
    for (const answer of refused) {
      expect(answer.data).toBeNull();
      expect(answer.errors?.[0]?.extensions?.code).toBe("TOO_MANY_REQUESTS");
      expect(answer.errors?.[0]?.message).toMatch(/registrations .* street office 310105002 .* Try again in \d+ minutes?\./);
    }
    const stored = await graph.subgraphs.residents.prisma.partnerOrganization.count({
      where: { streetCode: street, name: { startsWith: "Flood " } },
    });
    expect(stored).toBe(answers.length - refused.length);
  });
});
