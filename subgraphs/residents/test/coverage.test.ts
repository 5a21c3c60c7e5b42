// 结对帮扶 coverage and partner members on places: counted in SQL for all places at once, equal to a
// brute-force recount.
import { randomUUID } from "node:crypto";
import { demoPartners } from "@grassroots/demo-district";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asPartner, codes, officer, otherOfficer, STREET, type Subgraph, scale, startResidents, tree } from "./support";

let subgraph: Subgraph;
beforeAll(async () => {
  subgraph = await startResidents();
});
afterAll(() => subgraph?.close());

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
    // One level at a time, as a gateway asks (summed by that level's codes): the same figures.
    for (const typename of ["District", "Street", "Community", "Block"]) {
      const level = places.flatMap((place, i) => (place.__typename === typename ? [{ place, i }] : []));
      const alone = await subgraph.query(COVERAGE, { reps: level.map(({ place }) => place) });
      expect(alone.errors).toBeUndefined();
      expect(alone.data?._entities).toEqual(level.map(({ i }) => expected[i]));
    }
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

  it("refuses each place figure on its own to an officer of another street, and to a caller without a token", async () => {
    for (const figure of ["householdCount", "pairingCoverage { rate }", "partnerMemberCount"]) {
      const query = `{ _entities(representations: [{ __typename: "Street", code: "${STREET}" }]) { ... on Street { ${figure} } } }`;
      const own = await subgraph.query(query, {}, { as: officer });
      expect(own.errors, figure).toBeUndefined();
      const other = await subgraph.query(query, {}, { as: otherOfficer });
      expect(other.data?._entities, figure).toEqual([null]);
      expect(codes(other), figure).toEqual(["FORBIDDEN"]);
      const anonymous = await subgraph.query(query, {}, { as: null });
      expect(anonymous.data?._entities, figure).toEqual([null]);
      expect(codes(anonymous), figure).toEqual(["UNAUTHENTICATED"]);
    }
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
