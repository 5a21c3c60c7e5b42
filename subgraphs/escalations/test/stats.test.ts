// caseStats: computed by the database in one statement for any number of places, and equal to a
// recount done case by case.
import { createDemoDirectory, demoTree, SCALES } from "@grassroots/demo-district";
import { startTestSubgraph } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedEscalations } from "../src/seed";
import { createEscalationsSubgraph, type EscalationsPrisma } from "../src/subgraph";

// The demo district's 60 blocks, two cases each, every one walked through the workflow (without the
// demo's generated history: the recount below costs a query per closed case; roll-ups.test.ts and
// history.test.ts cover the history).
const scale = { ...SCALES.demo, householdsPerBlock: 4, history: { ...SCALES.demo.history, cases: 0 } };
const tree = demoTree(scale);
let subgraph: Awaited<ReturnType<typeof startTestSubgraph<EscalationsPrisma, any>>>;

beforeAll(async () => {
  subgraph = await startTestSubgraph(
    createEscalationsSubgraph({ directory: createDemoDirectory(scale) }),
    seedEscalations(scale),
  );
});
afterAll(() => subgraph?.close());

const STATS = `raised open overdue openByTier { block community street department }
  responseRate resolutionRate satisfactionRate meanWorkingDaysToClose closed revisits`;
const blockStats = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Block { code caseStats { ${STATS} } } } }`;
const reps = (count: number) => tree.blocks.slice(0, count).map(({ code }) => ({ __typename: "Block", code }));

/** The same figures, recounted one case at a time from the raw ledger. */
async function recount(prisma: EscalationsPrisma, prefix: string, now: Date) {
  const cases = (await prisma.case.findMany({ include: { clocks: true, revisits: true } })).filter(
    (c) => c.blockCode.startsWith(prefix) && c.status !== "WITHDRAWN" && c.status !== "MERGED",
  );
  const open = cases.filter((c) => c.status === "OPEN" || c.status === "ACCEPTED");
  const closed = cases.filter((c) => c.status === "CLOSED");
  let closeDays = 0;
  for (const c of closed) {
    const [row] = await prisma.$queryRaw<
      { days: number }[]
    >`SELECT working_days_between(${c.raisedAt}::timestamptz, ${c.closedAt}::timestamptz) AS days`;
    closeDays += row!.days;
  }
  const revisits = cases.flatMap((c) => c.revisits);
  const responded = cases.filter((c) => {
    const first = c.clocks.find((clock) => clock.sequence === 1)!;
    return first.acceptedAt !== null && first.acceptedAt <= first.responseDueAt;
  });
  const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
  return {
    raised: cases.length,
    open: open.length,
    overdue: open.filter((c) => c.dueAt < now).length,
    openByTier: {
      block: open.filter((c) => c.tier === "BLOCK").length,
      community: open.filter((c) => c.tier === "COMMUNITY").length,
      street: open.filter((c) => c.tier === "STREET").length,
      department: open.filter((c) => c.tier === "DEPARTMENT").length,
    },
    responseRate: ratio(responded.length, cases.length),
    resolutionRate: ratio(cases.filter((c) => c.status === "RESOLVED" || c.status === "CLOSED").length, cases.length),
    satisfactionRate: ratio(revisits.filter((r) => r.outcome === "SATISFIED").length, revisits.length),
    meanWorkingDaysToClose: ratio(closeDays, closed.length),
    closed: closed.length,
    revisits: revisits.length,
  };
}

describe("caseStats", () => {
  it("costs the same number of statements for 60 blocks as for 5", async () => {
    subgraph.sql.reset();
    const five = await subgraph.query(blockStats, { reps: reps(5) });
    const forFive = subgraph.sql.count;
    subgraph.sql.reset();
    const sixty = await subgraph.query(blockStats, { reps: reps(60) });
    expect(five.errors).toBeUndefined();
    expect(sixty.errors).toBeUndefined();
    expect(sixty.data?._entities).toHaveLength(60);
    expect(subgraph.sql.count).toBe(forFive);
    expect(subgraph.sql.count).toBe(1);
  });

  it("sums only the figures the fields asked need, and answers them as when every field is asked", async () => {
    const everything = await subgraph.query(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Block { code caseStats { ${STATS} overdueRate } } } }`,
      { reps: reps(20) },
    );
    expect(everything.errors).toBeUndefined();
    const fields = (chosen: string) =>
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Block { code caseStats { ${chosen} } } } }`;
    for (const chosen of [
      "open overdue responseRate",
      "__typename overdueRate",
      "openByTier { street } satisfactionRate",
      "meanWorkingDaysToClose raised",
    ]) {
      subgraph.sql.reset();
      const { data, errors } = await subgraph.query(fields(chosen), { reps: reps(20) });
      expect(errors, chosen).toBeUndefined();
      expect(subgraph.sql.count, chosen).toBe(1);
      const [statement] = subgraph.sql.statements;
      if (chosen === "open overdue responseRate") {
        // The figures asked, and none other: not the closing days, the revisits or the tiers.
        expect(statement).toContain("responded");
        expect(statement).not.toMatch(/close_working_days|satisfied|revisits|open_block/);
      }
      if (chosen === "meanWorkingDaysToClose raised") {
        // No overdue asked: the open cases are not read.
        expect(statement).toContain("close_working_days");
        expect(statement).not.toContain('FROM "case"');
      }
      const names = chosen.match(/\w+/g)!.filter((name) => !["__typename", "openByTier", "street"].includes(name));
      for (const [index, place] of data?._entities.entries() ?? []) {
        const whole = everything.data?._entities[index].caseStats;
        for (const name of names) expect(place.caseStats[name], `${chosen}: ${name}`).toEqual(whole[name]);
        if (chosen.includes("openByTier")) expect(place.caseStats.openByTier.street).toBe(whole.openByTier.street);
      }
    }
    // No figure asked at all: still one statement, and an answer.
    const typename = await subgraph.query(fields("__typename"), { reps: reps(3) });
    expect(typename.errors).toBeUndefined();
    expect(typename.data?._entities.map((place: any) => place.caseStats)).toEqual(Array(3).fill({ __typename: "CaseStats" }));
    // Through a named fragment too, as a dashboard asks.
    const { data, errors } = await subgraph.query(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Block { caseStats { ...Figures } } } }
       fragment Figures on CaseStats { closed revisits }`,
      { reps: reps(20) },
    );
    expect(errors).toBeUndefined();
    expect(data?._entities.map((place: any) => place.caseStats)).toEqual(
      everything.data?._entities.map(({ caseStats }: any) => ({ closed: caseStats.closed, revisits: caseStats.revisits })),
    );
  });

  it("casesOpenAt and caseTrend cost one statement each, for 60 blocks as for 5", async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Block {
      casesOpenAt(date: "${today}") { open overdue overdueRate }
      caseTrend(months: 12, by: CATEGORY) { month key raised } } } }`;
    subgraph.sql.reset();
    const five = await subgraph.query(query, { reps: reps(5) });
    expect(five.errors).toBeUndefined();
    expect(subgraph.sql.count).toBe(2);
    subgraph.sql.reset();
    const sixty = await subgraph.query(query, { reps: reps(60) });
    expect(sixty.errors).toBeUndefined();
    expect(subgraph.sql.count).toBe(2);
    const open = sixty.data?._entities.reduce((total: number, block: any) => total + block.casesOpenAt.open, 0);
    expect(open).toBeGreaterThan(0);
  });

  it("answers each place figure only to those who read the place: another block's FORBIDDEN, without a token UNAUTHENTICATED", async () => {
    const [own, other] = tree.blocks;
    const member = { sub: "stats-block-member", role: "block_member", scope: own!.code };
    // One figure at a time: the first refused nulls the block (its figures are non-null), and
    // graphql-js resolves no other field of it.
    for (const figure of [
      "caseStats { raised }",
      'casesOpenAt(date: "2026-01-31") { open }',
      "caseTrend(months: 3, by: TIER) { key }",
    ]) {
      const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Block { ${figure} } } }`;
      const ask = (code: string, as: typeof member | null) =>
        subgraph.query(query, { reps: [{ __typename: "Block", code }] }, { as });
      const mine = await ask(own!.code, member);
      expect(mine.errors, figure).toBeUndefined();
      expect(mine.data?._entities[0], figure).not.toBeNull();
      for (const [response, code] of [
        [await ask(other!.code, member), "FORBIDDEN"],
        [await ask(own!.code, null), "UNAUTHENTICATED"],
      ] as const) {
        expect(response.data?._entities, figure).toEqual([null]);
        expect(
          response.errors?.map((error) => error.extensions?.code),
          figure,
        ).toEqual([code]);
      }
    }
  });

  it("equals a brute-force recount at every level", async () => {
    const places = [
      { __typename: "District", code: tree.district.code },
      { __typename: "Street", code: tree.streets[1]!.code },
      { __typename: "Community", code: tree.communities[4]!.code },
      ...tree.blocks.slice(0, 12).map(({ code }) => ({ __typename: "Block", code })),
    ];
    const { data, errors } = await subgraph.query(
      `query($reps: [_Any!]!) { _entities(representations: $reps) {
        ... on District { caseStats { ${STATS} } } ... on Street { caseStats { ${STATS} } }
        ... on Community { caseStats { ${STATS} } } ... on Block { caseStats { ${STATS} } } } }`,
      { reps: places },
    );
    expect(errors).toBeUndefined();
    const now = new Date();
    for (const [index, place] of places.entries()) {
      const expected = await recount(subgraph.prisma, place.code, now);
      const actual = data?._entities[index].caseStats;
      for (const key of ["responseRate", "resolutionRate", "satisfactionRate", "meanWorkingDaysToClose"] as const) {
        if (expected[key] === null) expect(actual[key], `${place.code} ${key}`).toBeNull();
        else expect(actual[key], `${place.code} ${key}`).toBeCloseTo(expected[key], 10);
      }
      expect({ ...actual, responseRate: 0, resolutionRate: 0, satisfactionRate: 0, meanWorkingDaysToClose: 0 }).toEqual({
        ...expected,
        responseRate: 0,
        resolutionRate: 0,
        satisfactionRate: 0,
        meanWorkingDaysToClose: 0,
      });
    }
    // The demo district exercises every figure.
    const district = data?._entities[0].caseStats;
    expect(district.closed).toBeGreaterThan(0);
    expect(district.revisits).toBeGreaterThan(district.closed);
    expect(Object.values(district.openByTier).every((count) => (count as number) > 0)).toBe(true);
  });
});
