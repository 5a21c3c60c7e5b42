// householdSearch through the real gateway: a property test over roles, places and search texts.
// Whatever the caller and the place asked, every household answered lies under that place and
// within the caller's own; a place outside the caller's own is null and FORBIDDEN; and the answer
// is exactly what a brute-force search of the rows finds (analysts: by lane and road only).
import { roomIdOf } from "@grassroots/demo-district";
import type { TestClaims } from "@grassroots/platform/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGraph, startGraph } from "./harness";
import { expectNothingInternal } from "./support/leaks";
import { demoUser } from "./support/users";

let graph: RunningGraph;
interface Row {
  id: string;
  blockCode: string;
  address: string;
  contactPhone: string | null;
  residents: { name: string }[];
}
let rows: Row[];
beforeAll(async () => {
  graph = await startGraph();
  rows = await graph.subgraphs.residents.prisma.household.findMany({ include: { residents: { select: { name: true } } } });
});
afterAll(() => graph?.close());

const SEARCH = `query($scope: ID!, $text: String!) { householdSearch(scope: $scope, text: $text, first: 100) {
  pageInfo { hasNextPage } edges { node { id block { code } } } } }`;

/** The place whose households a caller serves (null: none), as packages/access decides it. */
const served = (claims: TestClaims): string | null =>
  claims.role === "admin"
    ? ""
    : claims.role === "room_staff"
      ? String(claims.place)
      : ["district_analyst", "street_officer", "community_worker", "block_member"].includes(String(claims.role))
        ? String(claims.scope)
        : null;

/** maskAddress's lane and road, as household_address_area computes them. */
const area = (address: string) => {
  const parts = address.split(",").map((part) => part.trim());
  return parts.length <= 2 ? "" : parts.slice(-2).join(", ");
};

/** What the search should find under `scope`, by brute force over every row. */
function bruteForce(scope: string, text: string, masked: boolean): string[] {
  const needle = text.toLowerCase();
  const digits = /^\+?[\d\s()-]{7,}$/.test(text) ? text.replace(/\D/g, "") : null;
  return rows
    .filter((row) => row.blockCode.startsWith(scope))
    .filter((row) =>
      masked
        ? area(row.address).toLowerCase().includes(needle)
        : (digits !== null && row.contactPhone?.replace(/\D/g, "") === digits) ||
          ([...text].length >= 3
            ? row.address.toLowerCase().includes(needle) || row.residents.some((resident) => resident.name.includes(text))
            : row.residents.some((resident) => resident.name === text)),
    )
    .map((row) => row.id)
    .sort();
}

describe("householdSearch through the gateway", () => {
  it("never answers a household outside the place asked or the caller's own, whatever the role, place and text", async () => {
    const tree = { streets: new Set<string>(), communities: new Set<string>(), blocks: new Set<string>() };
    for (const row of rows) {
      tree.blocks.add(row.blockCode);
      tree.communities.add(row.blockCode.slice(0, 12));
      tree.streets.add(row.blockCode.slice(0, 9));
    }
    const [streets, communities, blocks] = [tree.streets, tree.communities, tree.blocks].map((codes) => [...codes].sort());
    const places = ["310105", "310106", "310105009", ...streets!, ...communities!, ...blocks!];
    const caller = fc.oneof(
      fc.constant(demoUser("demo-admin")),
      fc.constant(demoUser("demo-district-analyst")),
      fc.constant(demoUser("demo-department-officer")),
      fc.constant(demoUser("demo-partner")),
      fc.constant<TestClaims>({ sub: "someone-signed-in" }),
      fc.constantFrom(...streets!).map((scope): TestClaims => ({ sub: "o", role: "street_officer", scope })),
      fc.constantFrom(...communities!).map((scope): TestClaims => ({ sub: "w", role: "community_worker", scope })),
      fc.constantFrom(...blocks!).map((scope): TestClaims => ({ sub: "b", role: "block_member", scope })),
      fc
        .constantFrom(...communities!)
        .map((place): TestClaims => ({ sub: "r", role: "room_staff", scope: roomIdOf(place), place })),
    );
    const text = fc.oneof(
      fc.constantFrom(...rows).map((row) => row.address.split(",")[2]!.trim()),
      fc.constantFrom(...rows).map((row) => row.address.split(",").slice(0, 2).join(",")),
      fc.constantFrom(...rows).map((row) => row.address.split(",").at(-1)!.trim()),
      fc.constantFrom(...rows.flatMap((row) => row.residents)).map((resident) => resident.name),
      fc.constantFrom(...rows.filter((row) => row.contactPhone)).map((row) => row.contactPhone!),
      fc.constantFrom("Room 1", "Lane", "No. 2", "Road"),
    );
    await fc.assert(
      fc.asyncProperty(caller, fc.constantFrom(...places), text, async (as, scope, searched) => {
        const response = await graph.query(SEARCH, { scope, text: searched }, as);
        expectNothingInternal(JSON.stringify(response));
        const own = served(as);
        // Admins serve every place (one with no households answers an empty page); others their own.
        const serves = own !== null && scope.startsWith(own);
        if (!serves) {
          expect(response.data).toEqual({ householdSearch: null });
          expect(response.errors?.map((error) => error.extensions?.code)).toEqual(["FORBIDDEN"]);
          return;
        }
        expect(response.errors).toBeUndefined();
        const found: { id: string; block: { code: string } }[] = response.data?.householdSearch.edges.map(
          (edge: { node: unknown }) => edge.node,
        );
        for (const node of found) {
          expect(node.block.code.startsWith(scope)).toBe(true);
          expect(node.block.code.startsWith(own)).toBe(true);
        }
        const masked = as.role === "district_analyst";
        expect(found.map((node) => node.id).sort()).toEqual(bruteForce(scope, searched, masked));
      }),
      { numRuns: 80 },
    );
  });
});
