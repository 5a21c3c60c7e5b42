// Duplicate cases, and figures over time, through the gateway: the same problem raised twice in a
// block is offered as a possible duplicate and merged into one that counts once; caseTrend adds up
// to caseStats over the same months; visitCoverage and pairingCoverage as of a date equal a
// brute-force recount over the raw rows of their subgraphs.
import { randomUUID } from "node:crypto";
import { demoTree, householdsOfBlock } from "@grassroots/demo-district";
import { sweepOverdueCases } from "@grassroots/escalations";
import type { TestClaims } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGraph, startGraph } from "./harness";
import { demoUser } from "./support/users";

let graph: RunningGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const BLOCK = "310105001001001";
const blockMember = demoUser("demo-block-member");
const communityWorker = demoUser("demo-community-worker");
const DAY = 86_400_000;
const localDay = (at: number) => new Date(at + 8 * 3600_000).toISOString().slice(0, 10);

type Raw = { $queryRawUnsafe<T>(query: string, ...values: unknown[]): Promise<T> };
const db = (name: "escalations" | "delegates" | "residents") => graph.subgraphs[name].prisma as unknown as Raw;

const CASE = `id status version mergedAt mergedInto { id } clocks { endedAt } events { kind reason }
  possibleDuplicates { case { id } similarity }`;

async function raise(category: string, description: string, blockCode = BLOCK, as: TestClaims = blockMember) {
  const household = householdsOfBlock(blockCode, graph.scale).households[0]!;
  const { data, errors } = await graph.query(
    `mutation($input: RaiseCaseInput!) { raiseCase(input: $input) { ${CASE} } }`,
    {
      input: { idempotencyKey: randomUUID(), blockCode, householdId: household.id, channel: "HOME_VISIT", category, description },
    },
    as,
  );
  expect(errors).toBeUndefined();
  return data?.raiseCase;
}

function merge(caseId: string, intoCaseId: string, expectedVersion: number, as: TestClaims = blockMember, reason = "Same leak") {
  return graph.query(
    `mutation($caseId: ID!, $intoCaseId: ID!, $expectedVersion: Int!, $reason: String!) {
      mergeCase(caseId: $caseId, intoCaseId: $intoCaseId, expectedVersion: $expectedVersion, reason: $reason) { ${CASE} } }`,
    { caseId, intoCaseId, expectedVersion, reason },
    as,
  );
}

async function blockStats() {
  const { data, errors } = await graph.query(`{ block(code: "${BLOCK}") { caseStats { raised open } } }`);
  expect(errors).toBeUndefined();
  return data?.block.caseStats as { raised: number; open: number };
}

/** The case merged in the first test: the last test sweeps far in the future and finds it untouched. */
let mergedCase = "";

describe("duplicate cases", () => {
  it("offers the first case as a possible duplicate of the second, and a merge counts the problem once", async () => {
    const before = await blockStats();
    const first = await raise("HOUSING", "Water is leaking from the kitchen ceiling of flat 302, building 7.");
    const second = await raise("HOUSING", "Kitchen ceiling of flat 302 in building 7 is leaking water again.");
    const otherCategory = await raise("SANITATION", "Water is leaking from the kitchen ceiling of flat 302, building 7.");
    const offered = second.possibleDuplicates.find((d: { case: { id: string } }) => d.case.id === first.id);
    expect(offered?.similarity).toBeGreaterThanOrEqual(0.3);
    expect(second.possibleDuplicates.map((d: { case: { id: string } }) => d.case.id)).not.toContain(otherCategory.id);
    expect(await blockStats()).toEqual({ raised: before.raised + 3, open: before.open + 3 });

    const merged = await merge(second.id, first.id, 1);
    expect(merged.errors).toBeUndefined();
    const answer = merged.data?.mergeCase;
    expect(answer).toMatchObject({ status: "MERGED", version: 2, mergedInto: { id: first.id }, possibleDuplicates: [] });
    expect(answer.events.at(-1)).toEqual({ kind: "MERGED", reason: "Same leak" });
    expect(answer.clocks.every((clock: { endedAt: string | null }) => clock.endedAt !== null)).toBe(true);
    // A retry (the phone lost the answer) is answered with the case as it is, nothing written again.
    const retried = await merge(second.id, first.id, 1);
    expect(retried.errors).toBeUndefined();
    expect(retried.data?.mergeCase.version).toBe(2);
    const { data } = await graph.query(`query($id: ID!) { case(id: $id) { ${CASE} } }`, { id: first.id }, blockMember);
    expect(data?.case.version).toBe(2);
    expect(data?.case.events.map((event: { kind: string }) => event.kind)).toEqual(["RAISED", "DUPLICATE_MERGED"]);
    expect(await blockStats()).toEqual({ raised: before.raised + 2, open: before.open + 2 });

    mergedCase = second.id;
  });

  it("refuses merges that are not of two open cases of one block held by the actor, naming the field", async () => {
    const a = await raise("ROADS_TRAFFIC", "Streetlight out at the north gate.");
    const b = await raise("ROADS_TRAFFIC", "The streetlight at the north gate is out.");
    const elsewhere = await raise("ROADS_TRAFFIC", "Streetlight out.", "310105001001002", demoUser("demo-admin"));
    const code = async (response: Promise<{ errors?: readonly { extensions?: Record<string, unknown> }[] }>) =>
      (await response).errors?.[0]?.extensions;
    expect(await code(merge(a.id, a.id, 1))).toEqual({ code: "BAD_USER_INPUT", field: "intoCaseId" });
    expect(await code(merge(a.id, elsewhere.id, 1, demoUser("demo-admin")))).toEqual({
      code: "BAD_USER_INPUT",
      field: "intoCaseId",
    });
    expect(await code(merge(a.id, b.id, 1, communityWorker))).toMatchObject({ code: "FORBIDDEN" });
    expect(await code(merge(a.id, "x", 1))).toEqual({ code: "BAD_USER_INPUT", field: "intoCaseId" });
    expect((await merge(b.id, a.id, 1)).errors).toBeUndefined();
    // Into a merged case, or the merged case again with another input: refused.
    expect(await code(merge(a.id, b.id, 2))).toEqual({ code: "BAD_USER_INPUT", field: "intoCaseId" });
    expect(await code(merge(b.id, a.id, 1, blockMember, "Another reason"))).toMatchObject({ code: "CONFLICT" });
  });
});

describe("figures over time", () => {
  const tree = () => demoTree(graph.scale);

  it("caseTrend adds up to caseStats over the same months, and casesOpenAt today to what is open now", async () => {
    const now = Date.now();
    const shanghai = new Date(now + 8 * 3600_000);
    const from = new Date(Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth() - 2, 1) - 8 * 3600_000).toISOString();
    const fields = `code caseStats(period: { from: "${from}" }) { raised open closed }
      all: caseStats { open openByTier { block community street department } }
      category: caseTrend(months: 3, by: CATEGORY) { month key raised open resolved closed }
      tier: caseTrend(months: 3, by: TIER) { month key raised open closed }
      casesOpenAt(date: "${localDay(now)}") { open overdueRate openByTier { block community street department } }`;
    // A trend on every place is a list per place: the blocks are asked community by community.
    const { data, errors } = await graph.query(
      `{ district(code: "${tree().district.code}") { ${fields} streets { ${fields} communities { ${fields} } } } }`,
    );
    expect(errors).toBeUndefined();
    const district = data?.district;
    const places = [district, ...district.streets, ...district.streets.flatMap((s: any) => s.communities)];
    for (const community of tree().communities) {
      const blocks = await graph.query(
        `{ jurisdiction(code: "${community.code}") { ... on Community { blocks { ${fields} } } } }`,
      );
      expect(blocks.errors).toBeUndefined();
      places.push(...(blocks.data?.jurisdiction.blocks ?? []));
    }
    expect(places).toHaveLength(1 + tree().streets.length + tree().communities.length + tree().blocks.length);
    for (const place of places) {
      const sum = (points: Record<string, number>[], figure: string) => points.reduce((total, p) => total + p[figure]!, 0);
      for (const by of ["category", "tier"]) {
        expect(
          { raised: sum(place[by], "raised"), open: sum(place[by], "open"), closed: sum(place[by], "closed") },
          place.code,
        ).toEqual(place.caseStats);
      }
      expect(place.casesOpenAt.open, place.code).toBe(place.all.open);
      expect(place.casesOpenAt.openByTier, place.code).toEqual(place.all.openByTier);
    }
    expect(district.caseStats.raised).toBeGreaterThan(0);
  });

  it("visitCoverage as of a year ago equals a recount over the raw visits", async () => {
    const asOf = localDay(Date.now() - 365 * DAY);
    const fields = `code visitCoverage(asOf: "${asOf}") { visitedHouseholds households since }`;
    const { data, errors } = await graph.query(
      `{ district(code: "${tree().district.code}") { ${fields} streets { ${fields} communities { ${fields} blocks { ${fields} } } } } }`,
    );
    expect(errors).toBeUndefined();
    const d = data?.district;
    const places = [
      d,
      ...d.streets,
      ...d.streets.flatMap((s: any) => s.communities),
      ...d.streets.flatMap((s: any) => s.communities.flatMap((c: any) => c.blocks)),
    ];
    const recount = await db("delegates").$queryRawUnsafe<{ code: string; visited: number }[]>(
      `SELECT place.code, (SELECT count(DISTINCT (v.household_id, v.place_code))::int FROM visit v
         WHERE v.household_id IS NOT NULL AND v.place_code LIKE place.code || '%'
           AND (v.occurred_at AT TIME ZONE 'Asia/Shanghai')::date <= $2::date
           AND ((v.occurred_at AT TIME ZONE 'Asia/Shanghai')::date + interval '1 year')::date > $2::date) AS visited
       FROM unnest($1::text[]) AS place(code)`,
      places.map((place: { code: string }) => place.code),
      asOf,
    );
    expect(places.map((p: any) => ({ code: p.code, visited: p.visitCoverage.visitedHouseholds }))).toEqual(recount);
    expect(d.visitCoverage.visitedHouseholds).toBeGreaterThan(0);
  });

  it("pairingCoverage as of a date equals a recount over the raw pairings", async () => {
    for (const asOf of [localDay(Date.now()), localDay(Date.now() - 120 * DAY)]) {
      const fields = `code pairingCoverage(asOf: "${asOf}") { householdsInNeed pairedHouseholds }`;
      const { data, errors } = await graph.query(
        `{ district(code: "${tree().district.code}") { ${fields} streets { ${fields} communities { ${fields} } } } }`,
      );
      expect(errors).toBeUndefined();
      const d = data?.district;
      const places = [d, ...d.streets, ...d.streets.flatMap((s: any) => s.communities)];
      const recount = await db("residents").$queryRawUnsafe<{ code: string; paired: number }[]>(
        `SELECT place.code, (SELECT count(DISTINCT h.id)::int FROM household h JOIN pairing p ON p.household_id = h.id
           WHERE h.block_code LIKE place.code || '%' AND cardinality(h.needs) > 0
             AND (p.accepted_at AT TIME ZONE 'Asia/Shanghai')::date <= $2::date
             AND (p.ended_at IS NULL OR (p.ended_at AT TIME ZONE 'Asia/Shanghai')::date > $2::date)) AS paired
         FROM unnest($1::text[]) AS place(code)`,
        places.map((place: { code: string }) => place.code),
        asOf,
      );
      expect(
        places.map((p: any) => ({ code: p.code, paired: p.pairingCoverage.pairedHouseholds })),
        asOf,
      ).toEqual(recount);
      expect(d.pairingCoverage.pairedHouseholds, asOf).toBeGreaterThan(0);
    }
  });
});

describe("a merged case", () => {
  // Last in the file: sweeping 400 days ahead moves every other open case.
  it("is never moved by the sweeper, however late", async () => {
    expect(mergedCase).not.toBe("");
    await sweepOverdueCases(graph.subgraphs.escalations.prisma as never, graph.directory, {
      now: new Date(Date.now() + 400 * DAY),
    });
    const [row] = await db("escalations").$queryRawUnsafe<{ status: string; version: number }[]>(
      `SELECT status::text, version FROM "case" WHERE id = $1::uuid`,
      mergedCase,
    );
    expect(row).toEqual({ status: "MERGED", version: 2 });
  });
});
