// Who may see what, through the gateway: every role against the same operations, including a
// partner and an analyst reaching for residents' personal data.
import { randomUUID } from "node:crypto";
import { maskAddress, maskIdNumber, maskName, maskPhone } from "@grassroots/access";
import { casesOfBlock, demoTree, householdsOfBlock, roomIdOf } from "@grassroots/demo-district";
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

const scaleTree = () => demoTree(graph.scale);
const firstBlock = () => scaleTree().blocks[0]!;
const otherStreetBlock = () => scaleTree().blocks.find((block) => !block.code.startsWith("310105001"))!;
const householdOf = (blockCode: string) => {
  const { households, residents } = householdsOfBlock(blockCode, graph.scale);
  const household = households[0]!;
  return { household, residents: residents.filter((resident) => resident.householdId === household.id) };
};

type Outcome = "full" | "masked" | "FORBIDDEN" | "UNAUTHENTICATED";

const HOUSEHOLD = `query($id: ID!) { household(id: $id) { id needs address contactPhone residents { name idNumber } } }`;

async function readHousehold(as: TestClaims | null, blockCode: string): Promise<Outcome> {
  const { household, residents } = householdOf(blockCode);
  const response = await graph.query(HOUSEHOLD, { id: household.id }, as);
  expectNothingInternal(response.raw);
  const code = response.errors?.[0]?.extensions?.code as Outcome | undefined;
  if (!response.data?.household) {
    expect(response.data?.household ?? null).toBeNull();
    return code!;
  }
  const seen = response.data.household;
  expect(seen.id).toBe(household.id);
  const order = (list: { name: string | null }[]) => list.map((r) => r.name).sort();
  if (seen.address === household.address) {
    expect(seen.contactPhone).toBe(household.contactPhone);
    expect(order(seen.residents)).toEqual(order(residents));
    expect(seen.residents.map((r: { idNumber: string }) => r.idNumber).sort()).toEqual(residents.map((r) => r.idNumber).sort());
    expect(response.errors).toBeUndefined();
    return "full";
  }
  expect(seen.address).toBe(maskAddress(household.address));
  expect(seen.contactPhone).toBe(maskPhone(household.contactPhone));
  expect(order(seen.residents)).toEqual(residents.map((r) => maskName(r.name)).sort());
  expect(seen.residents.map((r: { idNumber: string }) => r.idNumber).sort()).toEqual(
    residents.map((r) => maskIdNumber(r.idNumber)).sort(),
  );
  for (const resident of residents) expect(response.raw).not.toContain(resident.idNumber);
  expect(response.raw).not.toContain(household.contactPhone);
  return "masked";
}

async function outcome(query: string, variables: Record<string, unknown>, as: TestClaims | null, field: string) {
  const response = await graph.query(query, variables, as);
  expectNothingInternal(response.raw);
  if (response.data?.[field]) return "ok";
  return response.errors?.[0]?.extensions?.code as string;
}

const districtCount = (as: TestClaims | null) => outcome(`{ district(code: "310105") { householdCount } }`, {}, as, "district");
const blockHouseholds = async (as: TestClaims | null) => {
  const response = await graph.query(
    `query($code: ID!) { block(code: $code) { households(first: 2) { edges { node { id } } } } }`,
    { code: firstBlock().code },
    as,
  );
  expectNothingInternal(response.raw);
  return response.data?.block?.households ? "ok" : (response.errors?.[0]?.extensions?.code as string);
};
const readCase = async (as: TestClaims | null) => {
  const seeded = casesOfBlock(firstBlock().code, graph.scale)[0]!;
  const response = await graph.query(`query($id: ID!) { case(id: $id) { id description } }`, { id: seeded.id }, as);
  expectNothingInternal(response.raw);
  if (!response.data?.case) return response.errors?.[0]?.extensions?.code as string;
  return response.data.case.description === seeded.description
    ? "full"
    : response.data.case.description === null
      ? "no text"
      : "??";
};
const roomsVisible = async (as: TestClaims | null) => {
  const response = await graph.query(`{ rooms(scope: "310105") { id } }`, {}, as);
  expectNothingInternal(response.raw);
  if (!response.data?.rooms) return response.errors?.[0]?.extensions?.code as string;
  return response.data.rooms.length;
};

const communities = () => scaleTree().communities;
const ALL_ROOMS = () => communities().length;
const STREET_ROOMS = () => communities().filter((community) => community.streetCode === "310105001").length;

// role → [district aggregate, own household, household in another street, block's households, case, rooms in district]
const MATRIX: [string, TestClaims | null, () => unknown[]][] = [
  ["admin", user("demo-admin"), () => ["ok", "full", "full", "ok", "full", ALL_ROOMS()]],
  ["district_analyst", user("demo-district-analyst"), () => ["ok", "masked", "masked", "ok", "no text", ALL_ROOMS()]],
  ["street_officer", user("demo-street-officer"), () => ["ok", "full", "FORBIDDEN", "ok", "full", STREET_ROOMS()]],
  ["community_worker", user("demo-community-worker"), () => ["ok", "full", "FORBIDDEN", "ok", "full", 1]],
  ["block_member", user("demo-block-member"), () => ["ok", "full", "FORBIDDEN", "ok", "full", 1]],
  [
    "department_officer",
    user("demo-department-officer"),
    () => ["ok", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", ALL_ROOMS()],
  ],
  ["room_staff", user("demo-room-staff"), () => ["ok", "full", "FORBIDDEN", "ok", "full", 1]],
  ["partner", user("demo-partner"), () => ["FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"]],
  [
    "no token",
    null,
    () => ["UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED"],
  ],
];

describe("access matrix through the gateway", () => {
  it.each(MATRIX)("%s", async (_role, as, expected) => {
    const actual = [
      await districtCount(as),
      await readHousehold(as, firstBlock().code),
      await readHousehold(as, otherStreetBlock().code),
      await blockHouseholds(as),
      await readCase(as),
      await roomsVisible(as),
    ];
    expect(actual).toEqual(expected());
  });

  it("gives null and FORBIDDEN alike for a household that does not exist and one that is hidden", async () => {
    const officer = user("demo-street-officer");
    const absent = await graph.query(`query($id: ID!) { household(id: $id) { id } }`, { id: randomUUID() }, officer);
    const hidden = await graph.query(
      `query($id: ID!) { household(id: $id) { id } }`,
      { id: householdOf(otherStreetBlock().code).household.id },
      officer,
    );
    expect(absent.data).toEqual({ household: null });
    expect(hidden.data).toEqual({ household: null });
    expect(absent.errors?.map(({ message, extensions }) => ({ message, extensions }))).toEqual(
      hidden.errors?.map(({ message, extensions }) => ({ message, extensions })),
    );
    expect(absent.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("gives a paired partner null and FORBIDDEN for the household itself: its view is myPairings", async () => {
    const { household } = householdOf(firstBlock().code);
    const partner = user("demo-partner");
    const pairing = await graph.subgraphs.residents.prisma.pairing.create({
      data: {
        id: randomUUID(),
        partnerId: String(partner.scope),
        householdId: household.id,
        status: "ACTIVE",
        acceptedAt: new Date(),
      },
    });
    try {
      for (const as of [partner, { ...partner, sub: "other", scope: randomUUID() }]) {
        const response = await graph.query(HOUSEHOLD, { id: household.id }, as);
        expect(response.data).toEqual({ household: null });
        expect(response.errors?.map((error) => error.extensions?.code)).toEqual(["FORBIDDEN"]);
        expect(response.raw).not.toContain(household.contactPhone);
        expect(response.raw).not.toContain(household.address);
      }
    } finally {
      await graph.subgraphs.residents.prisma.pairing.delete({ where: { id: pairing.id } });
    }
  });

  it("lets room staff see their own room and nothing of another community", async () => {
    const staff = user("demo-room-staff");
    const own = await graph.query(`query($id: ID!) { room(id: $id) { id } }`, { id: staff.scope }, staff);
    expect(own.data).toEqual({ room: { id: staff.scope } });
    const elsewhere = roomIdOf(communities()[1]!.code);
    const other = await graph.query(`query($id: ID!) { room(id: $id) { id } }`, { id: elsewhere }, staff);
    expect(other.data).toEqual({ room: null });
    expect(other.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("tokens the gateway refuses (401, UNAUTHENTICATED)", () => {
  const refused = async (headers: Record<string, string>) => {
    const response = await fetch(graph.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query: `{ district(code: "310105") { code } }` }),
    });
    const raw = await response.text();
    expectNothingInternal(raw);
    return { status: response.status, code: JSON.parse(raw).errors?.[0]?.extensions?.code, raw };
  };

  it("refuses an expired token", async () => {
    const token = await graph.auth.token(user("demo-street-officer"), Math.floor(Date.now() / 1000) - 60);
    expect(await refused({ authorization: `Bearer ${token}` })).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
  });

  it("refuses a token signed with another secret, a malformed one and a non-bearer header", async () => {
    const forged = (await graph.auth.token(user("demo-admin"))).replace(/\.[^.]+$/, ".c2lnbmF0dXJl");
    expect(await refused({ authorization: `Bearer ${forged}` })).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
    expect(await refused({ authorization: "Bearer not-a-jwt" })).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
    expect(await refused({ authorization: "Basic YWRtaW46YWRtaW4=" })).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
  });

  it("refuses a well-signed token whose claims describe no user of this system", async () => {
    for (const claims of [
      { sub: "x", role: "mayor", scope: "310105" },
      { sub: "x", role: "street_officer", scope: "310105" },
      { sub: "x", role: "partner" },
    ]) {
      const token = await graph.auth.token(claims);
      expect(await refused({ authorization: `Bearer ${token}` })).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
    }
  });
});
