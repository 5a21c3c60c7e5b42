// Pairing opportunities at the residents subgraph: an approved partner lists its street's
// households in need with a place open, by opaque ids made for it alone, and proposes from one.
import type { GraphQLResponse } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sealOpportunity } from "../src/pairing/opportunity-id";
import { asPartner, codes, fixtures, key, REQUEST, STREET, type Subgraph, startResidents, worker } from "./support";

let subgraph: Subgraph;
beforeAll(async () => {
  subgraph = await startResidents();
});
afterAll(() => subgraph?.close());
const { approvedPartner, householdInNeed } = fixtures(() => subgraph);

const LIST = `query($first: Int, $after: String) { pairingOpportunities(first: $first, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { id blockCode needs householdSize } } } }`;

interface Opportunity {
  id: string;
  blockCode: string;
  needs: string[];
  householdSize: string;
}

async function allOpportunities(partnerId: string): Promise<Opportunity[]> {
  const seen: Opportunity[] = [];
  let after: string | null = null;
  for (;;) {
    const page: GraphQLResponse<Record<string, any>> = await subgraph.query(
      LIST,
      { first: 7, after },
      { as: asPartner(partnerId) },
    );
    expect(page.errors).toBeUndefined();
    seen.push(...(page.data?.pairingOpportunities.edges ?? []).map((edge: { node: Opportunity }) => edge.node));
    if (!page.data?.pairingOpportunities.pageInfo.hasNextPage) return seen;
    after = page.data.pairingOpportunities.pageInfo.endCursor;
  }
}

describe("pairing opportunities", () => {
  it("lists every household in need of the partner's street with a place open, by ids made for that partner", async () => {
    const household = await householdInNeed();
    const partner = await approvedPartner();
    const other = await approvedPartner();
    const listed = await allOpportunities(partner);
    const expected = await subgraph.prisma.household.findMany({
      where: {
        blockCode: { startsWith: STREET },
        needs: { isEmpty: false },
        pairings: { none: { status: { in: ["PROPOSED", "ACTIVE"] } } },
      },
    });
    expect(listed).toHaveLength(expected.length);
    const ids = new Set(expected.map((row) => row.id));
    for (const opportunity of listed) {
      expect(opportunity.blockCode.startsWith(STREET)).toBe(true);
      expect(opportunity.needs.length).toBeGreaterThan(0);
      for (const id of ids) expect(opportunity.id.toLowerCase()).not.toContain(id.replace(/-/g, "").slice(0, 8));
    }
    const mine = await sealOpportunity(subgraph.prisma, partner, household);
    const theirs = await sealOpportunity(subgraph.prisma, other, household);
    expect(mine).not.toBe(theirs);
    expect(listed.find((opportunity) => opportunity.id === mine)).toEqual({
      id: mine,
      blockCode: "310105001001002",
      needs: ["ELDERLY_LIVING_ALONE"],
      householdSize: "ONE",
    });
    expect((await allOpportunities(other)).map((opportunity) => opportunity.id)).toContain(theirs);
  });

  it("proposes from an opportunity, which then leaves the list; another partner's id or a forged one opens nothing", async () => {
    const household = await householdInNeed();
    const partner = await approvedPartner();
    const other = await approvedPartner();
    const mine = await sealOpportunity(subgraph.prisma, partner, household);
    const theirs = await sealOpportunity(subgraph.prisma, other, household);
    for (const opportunityId of [theirs, `${mine.slice(0, -2)}AA`, "not-an-opportunity", household]) {
      const refused = await subgraph.query(REQUEST, { input: { opportunityId }, key: key() }, { as: asPartner(partner) });
      expect(refused.errors?.[0]?.extensions, opportunityId).toEqual({ code: "BAD_USER_INPUT", field: "opportunityId" });
    }
    const byWorker = await subgraph.query(
      REQUEST,
      { input: { opportunityId: mine, partnerId: partner }, key: key() },
      { as: worker },
    );
    expect(codes(byWorker)).toEqual(["FORBIDDEN"]);
    const both = await subgraph.query(
      REQUEST,
      { input: { opportunityId: mine, householdId: household }, key: key() },
      { as: asPartner(partner) },
    );
    expect(both.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "householdId" });

    const proposed = await subgraph.query(REQUEST, { input: { opportunityId: mine }, key: key() }, { as: asPartner(partner) });
    expect(proposed.data?.requestPairing).toMatchObject({ status: "PROPOSED", proposedBy: "PARTNER" });
    const pairing = await subgraph.prisma.pairing.findUniqueOrThrow({ where: { id: proposed.data?.requestPairing.id } });
    expect(pairing).toMatchObject({ partnerId: partner, householdId: household });
    // The household's one place is taken: it leaves every partner's list.
    expect((await allOpportunities(partner)).map((opportunity) => opportunity.id)).not.toContain(mine);
    expect((await allOpportunities(other)).map((opportunity) => opportunity.id)).not.toContain(theirs);
  });

  it("is for partners only", async () => {
    for (const as of [worker, { sub: "someone" }, null]) {
      const refused = await subgraph.query(LIST, {}, { as });
      expect(refused.data).toEqual({ pairingOpportunities: null });
      expect(codes(refused)).toEqual([as ? "FORBIDDEN" : "UNAUTHENTICATED"]);
    }
  });
});
