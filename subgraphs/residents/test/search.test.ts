// householdSearch at the residents subgraph: what each way of matching finds, masking for analysts
// (who search the lane and road only), pages, and refusals. Scope isolation over every role is the
// property test in test/household-search.test.ts, through the gateway.
import { randomUUID } from "node:crypto";
import type { TestClaims } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  analyst,
  asPartner,
  codes,
  fixtures,
  officer,
  otherOfficer,
  person,
  type Subgraph,
  startResidents,
  worker,
} from "./support";

let subgraph: Subgraph;
beforeAll(async () => {
  subgraph = await startResidents();
});
afterAll(() => subgraph?.close());
const { approvedPartner } = fixtures(() => subgraph);

const BLOCK = "310105001001002";
const SEARCH = `query($scope: ID!, $text: String!, $first: Int, $after: String) {
  householdSearch(scope: $scope, text: $text, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor } edges { node { id address contactPhone residents { name } } } } }`;

const made = { id: randomUUID(), address: "Room 907, No. 31, Lane 4417, Qianjin Road", phone: "13611112222", name: "欧阳秋雨" };
beforeAll(async () => {
  await subgraph.prisma.household.create({
    data: {
      id: made.id,
      blockCode: BLOCK,
      address: made.address,
      size: 2,
      needs: [],
      contactPhone: made.phone,
      residents: { create: [{ id: randomUUID(), name: made.name, birthYear: 1980, isHead: true }] },
    },
  });
  // Two-character names, common enough that staff type them whole.
  await subgraph.prisma.resident.create({ data: { id: randomUUID(), householdId: made.id, name: "丁一", birthYear: 2010 } });
});

const search = (as: TestClaims | null, text: string, scope = "310105001", extra: Record<string, unknown> = {}) =>
  subgraph.query(SEARCH, { scope, text, ...extra }, { as });
const ids = (response: Awaited<ReturnType<typeof search>>) =>
  (response.data?.householdSearch?.edges ?? []).map((edge: { node: { id: string } }) => edge.node.id);

describe("householdSearch", () => {
  it("finds a household by door number, a resident's name (whole, or three characters of it), or its phone in any spelling", async () => {
    for (const text of ["Room 907, No. 31", "lane 4417", "欧阳秋", "阳秋雨", "丁一", "136 1111 2222", "+86 136-1111-2222"]) {
      const found = await search(officer, text);
      expect(found.errors, text).toBeUndefined();
      expect(ids(found), text).toEqual([made.id]);
    }
    const nodes = (await search(officer, "Lane 4417")).data?.householdSearch.edges.map((edge: { node: unknown }) => edge.node);
    expect(nodes?.[0]).toEqual({
      id: made.id,
      address: made.address,
      contactPhone: made.phone,
      residents: [{ name: made.name }, { name: "丁一" }],
    });
    // A phone matches in full only, and a wildcard is a character like any other.
    expect(ids(await search(officer, "1361111"))).toEqual([]);
    expect(ids(await search(officer, "Room 9_7"))).toEqual([]);
    expect(ids(await search(officer, "%%%"))).toEqual([]);
  });

  it("gives analysts masked records, found by lane and road only: never by a name, phone or door", async () => {
    const found = await search(analyst, "Lane 4417, Qianjin", "310105");
    expect(found.data?.householdSearch.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      {
        id: made.id,
        address: "Lane 4417, Qianjin Road",
        contactPhone: "136****2222",
        residents: [{ name: "欧***" }, { name: "丁*" }],
      },
    ]);
    for (const text of [made.name, "丁一", made.phone, "Room 907"])
      expect(ids(await search(analyst, text, "310105")), text).toEqual([]);
  });

  it("pages through every match in a stable order", async () => {
    const all = ids(await search(officer, "Lane", "310105001001", { first: 100 }));
    expect(all.length).toBeGreaterThan(3);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await search(officer, "Lane", "310105001001", { first: 2, after });
      seen.push(...ids(page));
      if (!page.data?.householdSearch.pageInfo.hasNextPage) break;
      after = page.data.householdSearch.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
    expect([...all].sort()).toEqual(all);
  });

  it("refuses places outside the caller's own, callers who serve no households, and texts too short or long", async () => {
    const partnerId = await approvedPartner();
    for (const [as, scope] of [
      [otherOfficer, "310105001"],
      [worker, "310105001"],
      [worker, "310105001002"],
      [analyst, "310106"],
      [asPartner(partnerId), "310105001"],
      [person(), "310105001"],
    ] as const) {
      const refused = await search(as, "Lane 4417", scope);
      expect(refused.data, `${as.sub} ${scope}`).toEqual({ householdSearch: null });
      expect(codes(refused)).toEqual(["FORBIDDEN"]);
    }
    expect(codes(await search(null, "Lane 4417"))).toEqual(["UNAUTHENTICATED"]);
    expect((await search(officer, "x")).errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "text" });
    expect((await search(officer, "x".repeat(101))).errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "text" });
    const admin = { sub: "admin", role: "admin" };
    expect((await search(admin, "Lane", "31010500")).errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "scope" });
  });
});
