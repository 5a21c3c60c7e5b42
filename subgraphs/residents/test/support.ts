// Shared by the residents subgraph's tests: the demo district at a small scale, callers, documents
// and fixtures (approved partners, households in need) made through the subgraph.
import { randomUUID } from "node:crypto";
import { creditCode, demoTree, Random, SCALES } from "@grassroots/demo-district";
import { startTestSubgraph, type TestClaims } from "@grassroots/platform/testing";
import { expect } from "vitest";
import { seedResidents } from "../src/seed";
import { createResidentsSubgraph, type ResidentsOptions } from "../src/subgraph";

// The demo district's 60 blocks, with few households each so the test seeds in a blink.
export const scale = { ...SCALES.demo, householdsPerBlock: 5 };
export const tree = demoTree(scale);
export const STREET = "310105001";
export const BLOCK = "310105001001002";

/** Tests register many partners at once: limits high enough not to be met (their own test meets them). */
export const UNLIMITED = { max: 100_000, windowSeconds: 1 };

/** The residents subgraph on a fresh database seeded with the demo district at `scale`. */
export function startResidents(options: ResidentsOptions = {}) {
  const registrationLimits = { perAddress: UNLIMITED, perStreet: UNLIMITED, perCreditCode: UNLIMITED };
  return startTestSubgraph(
    createResidentsSubgraph({ settings: { registrationLimits, ...options.settings } }),
    seedResidents(scale),
  );
}

/** The running subgraph, with its Prisma client typed as the residents' own. */
export type Subgraph = Awaited<ReturnType<typeof startResidents>>;

/**
 * An organisation approved for a year, written straight to the database: for tests of work no caller
 * starts (sealing stored secrets, pruning the outbox), which need one without the registration's steps.
 */
export async function approvedPartnerRow(subgraph: Subgraph, name: string, creditCode: string): Promise<string> {
  const id = randomUUID();
  await subgraph.prisma.partnerOrganization.create({
    data: {
      id,
      name,
      kind: "COMPANY",
      creditCode,
      contactPerson: "周敏",
      contactPhone: "13812345678",
      streetCode: STREET,
      services: ["ELDERLY_LIVING_ALONE"],
      capacity: 10,
      status: "APPROVED",
      approvedUntil: new Date(Date.now() + 365 * 86_400_000),
    },
  });
  return id;
}

export const officer: TestClaims = { sub: "officer-1", role: "street_officer", scope: STREET };
export const otherOfficer: TestClaims = { sub: "officer-2", role: "street_officer", scope: "310105002" };
export const worker: TestClaims = { sub: "worker-1", role: "community_worker", scope: "310105001001" };
export const analyst: TestClaims = { sub: "analyst", role: "district_analyst", scope: "310105" };
/** Who registered each partner made by `fixtures` (its first administrator, who acts for it once approved). */
const registrants = new Map<string, string>();
/** A signed-in person without a role: registers organisations and accepts invitations. */
export const person = (sub = `person-${randomUUID()}`): TestClaims => ({ sub });
/** A partner token for the organisation, of its registrant: honoured because the registrant's account backs it. */
export const asPartner = (id: string): TestClaims => ({
  sub: registrants.get(id) ?? `partner-${id.slice(0, 8)}`,
  role: "partner",
  scope: id,
});

export const random = new Random("partners-subgraph-test");
export const key = () => `key-${randomUUID()}`;

export const REGISTER = `mutation($input: RegisterPartnerInput!, $key: String!) {
  registerPartner(input: $input, idempotencyKey: $key) { partnerId status street { code } } }`;
export const APPROVE = `mutation($id: ID!, $until: DateTime!) {
  approvePartner(id: $id, vettingNotes: "Documents checked.", approvedUntil: $until) { id status approvedUntil canStartPairings } }`;
export const REQUEST = `mutation($input: RequestPairingInput!, $key: String!) {
  requestPairing(input: $input, idempotencyKey: $key) { id status proposedBy } }`;

export const registration = (overrides: Record<string, unknown> = {}) => ({
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
export const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString();

export const codes = (response: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  response.errors?.map((error) => error.extensions?.code) ?? [];

/** Partners and households made through (or beside) a running subgraph, one per test. */
export function fixtures(subgraph: () => Subgraph) {
  async function approvedPartner(overrides: Record<string, unknown> = {}) {
    const registrant = person();
    const registered = await subgraph().query(REGISTER, { input: registration(overrides), key: key() }, { as: registrant });
    expect(registered.errors).toBeUndefined();
    const id = registered.data?.registerPartner.partnerId as string;
    registrants.set(id, registrant.sub as string);
    const approved = await subgraph().query(APPROVE, { id, until: inAYear() }, { as: officer });
    expect(approved.errors).toBeUndefined();
    return id;
  }

  /** A household in need (with its head) in a block of the first street, made for one test. */
  async function householdInNeed(blockCode = BLOCK) {
    const id = randomUUID();
    await subgraph().prisma.household.create({
      data: {
        id,
        blockCode,
        address: "Room 101, No. 1, Lane 1, Test Road",
        size: 1,
        needs: ["ELDERLY_LIVING_ALONE"],
        contactPhone: "13900000000",
        residents: {
          create: { id: randomUUID(), name: "王秀英", idNumber: "310105195203124421", birthYear: 1952, isHead: true },
        },
      },
    });
    return id;
  }

  return { approvedPartner, householdInNeed };
}
