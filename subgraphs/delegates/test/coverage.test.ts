// Visit coverage of every level of place, for 60 blocks as in the demo district: one SQL statement
// however many places are asked, and the same numbers as a recount of the stored visits by hand.
import { createDemoDirectory, demoTree, SCALES } from "@grassroots/demo-district";
import { LEVELS, levelOf } from "@grassroots/jurisdiction";
import { startTestSubgraph } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDelegates } from "../src/seed";
import { createDelegatesSubgraph } from "../src/subgraph";
import { firstWholeDay } from "../src/visit-coverage/targets";

// 60 blocks with few households each, so the test seeds in a blink.
const scale = { ...SCALES.demo, householdsPerBlock: 5 };
const tree = demoTree(scale);
const start = () => startTestSubgraph(createDelegatesSubgraph({ directory: createDemoDirectory(scale) }), seedDelegates(scale));
let subgraph: Awaited<ReturnType<typeof start>>;

beforeAll(async () => {
  subgraph = await start();
});
afterAll(() => subgraph?.close());

const COVERAGE = `query($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on District { visitCoverage { ...coverage } } ... on Street { visitCoverage { ...coverage } }
  ... on Community { visitCoverage { ...coverage } } ... on Block { visitCoverage { ...coverage } } } }
  fragment coverage on VisitCoverage {
    households visitedHouseholds rate target requiredHouseholds targetMet fullTargetMaxHouseholds since }`;

/** What the gateway sends: each place's key and the householdCount the residents subgraph answered. */
const places = () => [
  { __typename: "District", code: tree.district.code, householdCount: tree.blocks.length * scale.householdsPerBlock },
  ...tree.streets.map(({ code }) => ({ __typename: "Street", code, householdCount: 20 * scale.householdsPerBlock })),
  ...tree.communities.map(({ code }) => ({ __typename: "Community", code, householdCount: 5 * scale.householdsPerBlock })),
  ...tree.blocks.map(({ code }) => ({ __typename: "Block", code, householdCount: scale.householdsPerBlock })),
];

async function recount(since: Date) {
  const visits = await subgraph.prisma.visit.findMany({ where: { householdId: { not: null } } });
  const recent = visits.filter((visit) => visit.occurredAt >= since);
  return (code: string) =>
    new Set(recent.filter((visit) => visit.placeCode.startsWith(code)).map((visit) => visit.householdId)).size;
}

describe("visitCoverage", () => {
  it("as of a date costs one statement too, for any number of places", async () => {
    const asOf = new Date(Date.now() - 200 * 86_400_000).toISOString().slice(0, 10);
    const query = COVERAGE.replaceAll("visitCoverage {", `visitCoverage(asOf: "${asOf}") {`);
    subgraph.sql.reset();
    const few = await subgraph.query(query, { reps: places().slice(-5) });
    expect(few.errors).toBeUndefined();
    expect(subgraph.sql.count).toBe(1);
    subgraph.sql.reset();
    const { data, errors } = await subgraph.query(query, { reps: places() });
    expect(errors).toBeUndefined();
    expect(subgraph.sql.count).toBe(1);
    expect(data?._entities[0].visitCoverage.visitedHouseholds).toBeGreaterThan(0);
  });

  it("answers 60 blocks, 12 communities, 3 streets and the district in one statement, as a recount by hand", async () => {
    subgraph.sql.reset();
    const few = await subgraph.query(COVERAGE, { reps: places().slice(-5) });
    expect(few.errors).toBeUndefined();
    expect(subgraph.sql.count).toBe(1);
    subgraph.sql.reset();
    const { data, errors } = await subgraph.query(COVERAGE, { reps: places() });
    expect(errors).toBeUndefined();
    expect(subgraph.sql.count).toBe(1);

    const since = new Date(data?._entities[0].visitCoverage.since);
    expect(Date.now() - since.getTime()).toBeGreaterThan(364 * 86_400_000);
    const visited = await recount(since);
    const expected = places().map((place) => {
      const count = visited(place.code);
      const required = Math.ceil(place.householdCount * 1);
      return {
        visitCoverage: {
          households: place.householdCount,
          visitedHouseholds: count,
          rate: count / place.householdCount,
          target: 1,
          requiredHouseholds: required,
          targetMet: count >= required,
          fullTargetMaxHouseholds: 300,
          since: since.toISOString(),
        },
      };
    });
    expect(data?._entities).toEqual(expected);
    // One level at a time (a gateway's fetch per level) sums by that level's codes alone: the same counts.
    for (const level of LEVELS) {
      const indexes = places().flatMap((place, i) => (levelOf(place.code) === level ? [i] : []));
      const oneLevel = await subgraph.query(COVERAGE, { reps: indexes.map((i) => places()[i]) });
      expect(oneLevel.errors).toBeUndefined();
      const visitedOf = (entities: { visitCoverage: { visitedHouseholds: number } }[]) =>
        entities.map((entity) => entity.visitCoverage.visitedHouseholds);
      expect(visitedOf(oneLevel.data?._entities)).toEqual(visitedOf(indexes.map((i) => expected[i]!)));
    }
    // The demo diary covers some places fully and most not: the dashboard has something to show.
    const met = data?._entities.filter((entity: { visitCoverage: { targetMet: boolean } }) => entity.visitCoverage.targetMet);
    expect(met.length).toBeGreaterThan(0);
    expect(met.length).toBeLessThan(places().length);
    // Visits older than a year exist and do not count.
    expect(await subgraph.prisma.visit.count({ where: { occurredAt: { lt: since } } })).toBeGreaterThan(0);
  });

  it("asks 80% of places larger than VISIT_COVERAGE_FULL_TARGET_MAX_HOUSEHOLDS, every household of smaller ones", async () => {
    // The setting is read once at start (src/config.ts): a subgraph started with 5.
    const small = await startTestSubgraph(
      createDelegatesSubgraph({ directory: createDemoDirectory(scale), fullTargetMaxHouseholds: 5 }),
      seedDelegates(scale),
    );
    try {
      const block = places().at(-1)!;
      const community = places().find((place) => place.__typename === "Community")!;
      const { data } = await small.query(COVERAGE, { reps: [block, community] });
      const [ofBlock, ofCommunity] = data!._entities.map((entity: { visitCoverage: unknown }) => entity.visitCoverage);
      expect(ofBlock).toMatchObject({ households: 5, target: 1, requiredHouseholds: 5, fullTargetMaxHouseholds: 5 });
      expect(ofCommunity).toMatchObject({ households: 25, target: 0.8, requiredHouseholds: 20 });
      expect(ofCommunity.targetMet).toBe(ofCommunity.visitedHouseholds >= 20);
    } finally {
      await small.close();
    }
  });

  it("gives coverage only to those who may read the place", async () => {
    const block = places().at(-1)!;
    const partner = await subgraph.query(
      COVERAGE,
      { reps: [block] },
      { as: { sub: "p", role: "partner", scope: crypto.randomUUID() } },
    );
    expect(partner.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(JSON.stringify(partner.data)).not.toContain("visitedHouseholds");

    // A block member: their block's coverage, not a neighbour's; nothing without a token.
    const [own, neighbour] = places().filter((place) => place.__typename === "Block");
    const member = { sub: "m", role: "block_member", scope: own!.code };
    expect((await subgraph.query(COVERAGE, { reps: [own] }, { as: member })).errors).toBeUndefined();
    for (const [response, code] of [
      [await subgraph.query(COVERAGE, { reps: [neighbour] }, { as: member }), "FORBIDDEN"],
      [await subgraph.query(COVERAGE, { reps: [own] }, { as: null }), "UNAUTHENTICATED"],
    ] as const) {
      expect(response.data?._entities).toEqual([null]);
      expect(response.errors?.map((error) => error.extensions?.code)).toEqual([code]);
    }
  });
});

describe("the coverage window's first whole day", () => {
  it("is the day after the one it opens on, in China Standard Time, starting at its midnight there", () => {
    // 23:59:59.999 on 30 November in Shanghai, then its midnight: the window opens on the 30th, then on 1 December.
    expect(firstWholeDay(new Date("2026-11-30T15:59:59.999Z"))).toEqual({
      day: "2026-12-01",
      starts: new Date("2026-11-30T16:00:00.000Z"),
    });
    expect(firstWholeDay(new Date("2026-11-30T16:00:00.000Z"))).toEqual({
      day: "2026-12-02",
      starts: new Date("2026-12-01T16:00:00.000Z"),
    });
    // Across a year's end and 29 February.
    expect(firstWholeDay(new Date("2027-12-31T17:00:00Z")).day).toBe("2028-01-02");
    expect(firstWholeDay(new Date("2028-02-28T16:30:00Z")).day).toBe("2028-03-01");
  });

  it("is the day SQL counts from (visit_local_day(since) + 1, and its start in Asia/Shanghai)", async () => {
    const instants = ["2026-11-30T15:59:59.999Z", "2026-11-30T16:00:00Z", "2027-12-31T17:00:00Z", "2028-02-28T16:30:00Z"];
    for (const instant of instants.map((text) => new Date(text))) {
      const [row] = await subgraph.prisma.$queryRaw<{ day: string; starts: Date }[]>`
        SELECT (visit_local_day(${instant}) + 1)::text AS day, visit_next_local_day(${instant}) AS starts`;
      expect(firstWholeDay(instant), instant.toISOString()).toEqual({ day: row!.day, starts: new Date(row!.starts) });
    }
  });
});
