// The blocks subgraph's lookups by key, through the gateway, for every role: a code or id outside
// what the caller may see answers null and FORBIDDEN whether or not it exists; inside it, an
// absent one is a plain null; a malformed one is BAD_USER_INPUT naming the argument.
import type { BlocksPrisma } from "@grassroots/blocks";
import type { TestClaims } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGraph, startGraph } from "./harness";
import { expectNothingInternal } from "./support/leaks";
import { type DemoUser, demoUser } from "./support/users";

let graph: RunningGraph;
beforeAll(async () => {
  graph = await startGraph();
  // A second district, so that "hidden" is a place that really exists outside every demo scope.
  const prisma: BlocksPrisma = graph.subgraphs.blocks.prisma;
  await prisma.district.create({ data: { code: "310106", name: "Other District" } });
  await prisma.street.create({ data: { code: "310106001", name: "Other Street", districtCode: "310106" } });
  await prisma.community.create({ data: { code: "310106001001", name: "Other Community", streetCode: "310106001" } });
  await prisma.block.create({ data: { code: "310106001001001", name: "Other Block", communityCode: "310106001001" } });
  await prisma.department.create({ data: { id: "310106-civil", name: "Other Civil Affairs", districtCode: "310106" } });
  await prisma.departmentCategory.create({
    data: { districtCode: "310106", category: "CIVIL_AFFAIRS", departmentId: "310106-civil" },
  });
});
afterAll(() => graph?.close());

const LOOKUPS = {
  district: `query($key: ID!) { district(code: $key) { code name } }`,
  block: `query($key: ID!) { block(code: $key) { code name } }`,
  jurisdiction: `query($key: ID!) { jurisdiction(code: $key) { code name } }`,
  department: `query($key: ID!) { department(id: $key) { id name } }`,
  departmentFor: `query($key: ID!) { departmentFor(districtCode: $key, category: CIVIL_AFFAIRS) { id name } }`,
};
type Lookup = keyof typeof LOOKUPS;

/** What a caller can compare between two answers: data, messages and codes, not paths. */
async function seen(lookup: Lookup, key: string, as: TestClaims) {
  const response = await graph.query(LOOKUPS[lookup], { key }, as);
  expectNothingInternal(response.raw);
  return { data: response.data, errors: response.errors?.map(({ message, extensions }) => ({ message, extensions })) };
}

const FORBIDDEN = (lookup: Lookup) => ({
  data: { [lookup]: null },
  errors: [{ message: "You do not have access to this.", extensions: { code: "FORBIDDEN" } }],
});
const NULL = (lookup: Lookup) => ({ data: { [lookup]: null }, errors: undefined });

// Each role: [lookup, a key that exists but is hidden, a key that does not exist, both outside the scope].
const OUTSIDE: Record<Exclude<DemoUser, "demo-admin">, [Lookup, string, string][]> = {
  "demo-district-analyst": [
    ["district", "310106", "310107"],
    ["jurisdiction", "310106001", "310107001"],
    ["block", "310106001001001", "310107001001001"],
    ["department", "310106-civil", "310107-civil"],
    ["departmentFor", "310106", "310107"],
  ],
  "demo-street-officer": [
    ["district", "310106", "310107"],
    ["jurisdiction", "310105002", "310105009"],
    ["jurisdiction", "310105002001", "310105009001"],
    ["block", "310105002001001", "310105002001009"],
    ["department", "310106-civil", "310106-nothing"],
    ["departmentFor", "310106", "310107"],
  ],
  "demo-community-worker": [
    ["jurisdiction", "310105001002", "310105001009"],
    ["block", "310105001002001", "310105001009001"],
    ["department", "310106-civil", "310107-civil"],
  ],
  "demo-block-member": [
    ["block", "310105001001002", "310105001001009"],
    ["jurisdiction", "310105002", "310105009"],
    ["departmentFor", "310106", "310107"],
  ],
  "demo-department-officer": [
    ["district", "310106", "310107"],
    ["block", "310106001001001", "310107001001001"],
    ["department", "310106-civil", "310107-civil"],
    ["departmentFor", "310106", "310107"],
  ],
  "demo-room-staff": [
    ["jurisdiction", "310105001002", "310105001009"],
    ["block", "310105002001001", "310105001009001"],
  ],
  // Partners see no place at all, their own city's included.
  "demo-partner": [
    ["district", "310105", "310107"],
    ["jurisdiction", "310105001001", "310105001009"],
    ["block", "310105001001001", "310105001001009"],
    ["department", "310105-civil", "310105-nothing"],
    ["departmentFor", "310105", "310107"],
  ],
};

// Each role: [lookup, a key within the scope that does not exist]: a plain null, nothing to hide.
const INSIDE: Partial<Record<DemoUser, [Lookup, string][]>> = {
  "demo-admin": [
    ["district", "310107"],
    ["block", "310107001001001"],
    ["department", "310107-civil"],
    ["departmentFor", "310107"],
  ],
  "demo-district-analyst": [
    ["jurisdiction", "310105009"],
    ["department", "310105-nothing"],
  ],
  "demo-street-officer": [["block", "310105001009001"]],
  "demo-community-worker": [["block", "310105001001009"]],
  "demo-department-officer": [["jurisdiction", "310105009001"]],
};

describe("absent and hidden places and departments look alike", () => {
  it.each(Object.entries(OUTSIDE))("for %s", async (sub, probes) => {
    const as = demoUser(sub as DemoUser);
    for (const [lookup, hidden, absent] of probes) {
      const [whenHidden, whenAbsent] = [await seen(lookup, hidden, as), await seen(lookup, absent, as)];
      expect({ lookup, hidden, answer: whenHidden }).toEqual({ lookup, hidden, answer: FORBIDDEN(lookup) });
      expect({ lookup, absent, answer: whenAbsent }).toEqual({ lookup, absent, answer: FORBIDDEN(lookup) });
    }
  });

  it.each(Object.entries(INSIDE))("answers %s a plain null for what its scope would show", async (sub, probes) => {
    const as = demoUser(sub as DemoUser);
    for (const [lookup, absent] of probes ?? []) {
      expect({ lookup, absent, answer: await seen(lookup, absent, as) }).toEqual({ lookup, absent, answer: NULL(lookup) });
    }
  });

  it("still shows each role what it may see", async () => {
    const answers = await Promise.all(
      (["demo-admin", "demo-street-officer", "demo-block-member", "demo-department-officer"] as const).map(async (sub) => {
        const as = demoUser(sub);
        return [
          (await seen("block", "310105001001001", as)).data,
          (await seen("department", "310105-civil", as)).data,
          (await seen("departmentFor", "310105", as)).data,
        ];
      }),
    );
    for (const answer of answers) {
      expect(answer).toEqual([
        { block: { code: "310105001001001", name: expect.any(String) } },
        { department: { id: "310105-civil", name: expect.any(String) } },
        { departmentFor: { id: "310105-civil", name: expect.any(String) } },
      ]);
    }
  });
});

describe("absurd arguments are the caller's mistake, through the gateway", () => {
  it.each([
    ["a district code with a NUL byte", "district", "310105\u0000", "code"],
    ["a block code of 100,000 digits", "block", "9".repeat(100_000), "code"],
    ["a negative code", "jurisdiction", "-1", "code"],
    ["a department id of a NUL byte", "department", "\u0000", "id"],
    ["a department id without its district", "department", "civil", "id"],
    ["a street code for a district", "departmentFor", "310105001", "districtCode"],
  ] as [string, Lookup, string, string][])(
    "refuses %s with BAD_USER_INPUT naming the argument",
    async (_what, lookup, key, field) => {
      // The same for a caller who sees everything and one who sees nothing: the format is no secret.
      for (const as of [demoUser("demo-admin"), demoUser("demo-partner")]) {
        const answer = await seen(lookup, key, as);
        // A NUL byte is refused by the gateway before planning: no data at all.
        expect(answer.data).toEqual(key.includes("\u0000") ? undefined : { [lookup]: null });
        expect(answer.errors?.map((error) => error.extensions)).toEqual([{ code: "BAD_USER_INPUT", field }]);
        expect(answer.errors?.[0]?.message.length).toBeLessThan(200);
      }
    },
  );
});
