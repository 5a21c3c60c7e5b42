// The visit coverage roll-ups kept by the trigger on visit, against random workloads through the
// real mutations: visits logged alone and in batches, backdated up to the 30 days a phone may, to
// households that move between blocks (a household visited in two blocks counts in each), with the
// clock moving on by days and months. After each run the roll-ups must equal their rebuild, and
// visitedHouseholds must equal a recount by today's SQL over the visits, for every place of the
// district, with the window opening now and at instants where visits happened.
import { randomUUID } from "node:crypto";
import { createDemoDirectory, demoTree, householdsOfBlock, roomIdOf, SCALES } from "@grassroots/demo-district";
import { rollUpToPlaces } from "@grassroots/jurisdiction/roll-up";
import { startTestSubgraph } from "@grassroots/platform/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Prisma } from "../src/generated/prisma/client";
import { seedDelegates } from "../src/seed";
import { createDelegatesSubgraph } from "../src/subgraph";
import { coverageLoaders } from "../src/visit-coverage/loaders";
import { rebuildVisitRollUps } from "../src/visit-coverage/roll-ups";
import { coverageTargetsFromEnv } from "../src/visit-coverage/targets";

const scale = SCALES.test;
const tree = demoTree(scale);
const PLACES = [tree.district, ...tree.streets, ...tree.communities, ...tree.blocks].map(({ code }) => code);
const DAY_MS = 86_400_000;

// The demo directory, except that households move: where each lives now, as residents would answer.
const demoDirectory = createDemoDirectory(scale);
const livesIn = new Map(
  tree.blocks.flatMap((block) => householdsOfBlock(block.code, scale).households.map((h) => [h.id, block.code])),
);
const households = [...livesIn.keys()];
const directory = { ...demoDirectory, householdBlock: async (id: string) => livesIn.get(id) ?? null };

const start = () => startTestSubgraph(createDelegatesSubgraph({ directory }), seedDelegates(scale));
let subgraph: Awaited<ReturnType<typeof start>>;
let clock = Date.now();

beforeAll(async () => {
  subgraph = await start();
  vi.useFakeTimers({ toFake: ["Date"], now: clock });
});
afterAll(async () => {
  vi.useRealTimers();
  await subgraph?.close();
});

const LOG = `mutation($input: LogVisitInput!) { logVisit(input: $input) { id } }`;
const LOG_MANY = `mutation($inputs: [LogVisitInput!]!) { logVisits(inputs: $inputs) { visit { id } error { code message } } }`;

const visitOf = (household: string, minutesAgo: number) => {
  const block = livesIn.get(household)!;
  return {
    idempotencyKey: randomUUID(),
    channel: "RECEPTION",
    roomId: roomIdOf(block.slice(0, 12)),
    household: { id: household, blockCode: block },
    category: "OTHER",
    summary: "Routine visit.",
    followUpNeeded: false,
    occurredAt: new Date(clock - minutesAgo * 60_000).toISOString(),
  };
};

const operation = fc.oneof(
  // Up to 30 days back (29 days 23 h), alone or queued in the round's batch.
  fc.record({
    kind: fc.constant("visit" as const),
    household: fc.nat(),
    minutesAgo: fc.nat({ max: 43_000 }),
    queued: fc.boolean(),
  }),
  fc.record({ kind: fc.constant("move" as const), household: fc.nat(), block: fc.nat() }),
  fc.record({ kind: fc.constant("tick" as const), days: fc.integer({ min: 1, max: 120 }) }),
);

type Table = { [column: string]: unknown }[];
async function rollUpTables(): Promise<Table[]> {
  return Promise.all([
    subgraph.prisma.$queryRaw<Table>`SELECT household_id, block_code, last_occurred_at FROM visited_household ORDER BY 1, 2`,
    subgraph.prisma.$queryRaw<Table>`SELECT block_code, month, households FROM visited_household_month ORDER BY 1, 2`,
    subgraph.prisma.$queryRaw<Table>`SELECT block_code, day, households FROM visited_household_day ORDER BY 1, 2`,
  ]);
}

/** Today's SQL before the roll-ups existed: distinct households visited per block since `since`, rolled up. */
async function recount(since: Date): Promise<number[]> {
  const rows = await rollUpToPlaces(
    subgraph.prisma,
    PLACES,
    ["visited"],
    ({ from, to }) => Prisma.sql`
      SELECT place_code AS block_code, count(DISTINCT household_id) AS "visited" FROM visit
      WHERE place_code BETWEEN ${from} AND ${to} AND household_id IS NOT NULL AND occurred_at >= ${since}
      GROUP BY place_code`,
  );
  return rows.map((row) => row.visited);
}

async function visited(since: Date): Promise<number[]> {
  const loader = coverageLoaders(subgraph.prisma, { fullTargetMaxHouseholds: 300, since }).visitedHouseholds;
  return (await loader.loadMany(PLACES)) as number[];
}

describe("the visit coverage roll-ups", () => {
  it("equal their rebuild, and visitedHouseholds a recount by today's SQL, after random workloads with the clock moving", async () => {
    let logged = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(operation, { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 6 }),
        async (rounds) => {
          for (const round of rounds) {
            // Visits queued in the round are sent as one batch before the clock moves on or a household moves.
            const queue: ReturnType<typeof visitOf>[] = [];
            const flush = async () => {
              if (!queue.length) return;
              const { data, errors } = await subgraph.query(LOG_MANY, { inputs: queue });
              expect(errors).toBeUndefined();
              expect(data?.logVisits.map((result: { error: unknown }) => result.error)).toEqual(queue.map(() => null));
              logged += queue.length;
              queue.length = 0;
            };
            for (const op of round) {
              const household = "household" in op ? households[op.household % households.length]! : "";
              if (op.kind === "tick") {
                await flush();
                clock += op.days * DAY_MS;
                vi.setSystemTime(clock);
              } else if (op.kind === "move") {
                // A visit queued before the move names the household's old block, which the batch
                // would rightly refuse: the queue is sent first, as before the clock moves.
                await flush();
                livesIn.set(household, tree.blocks[op.block % tree.blocks.length]!.code);
              } else if (op.queued) {
                queue.push(visitOf(household, op.minutesAgo));
              } else {
                const { errors } = await subgraph.query(LOG, { input: visitOf(household, op.minutesAgo) });
                expect(errors).toBeUndefined();
                logged++;
              }
            }
            await flush();
          }
          const incremental = await rollUpTables();
          await rebuildVisitRollUps(subgraph.prisma);
          expect(await rollUpTables()).toEqual(incremental);

          // The window as a request opens it now, and opening exactly at visits' instants.
          const now = coverageTargetsFromEnv(new Date(clock), {}).since;
          const instants = await subgraph.prisma.visit.findMany({
            select: { occurredAt: true },
            orderBy: { occurredAt: "desc" },
            take: 3,
          });
          for (const since of [now, ...instants.map((visit) => visit.occurredAt), new Date(clock - 400 * DAY_MS)]) {
            expect(await visited(since)).toEqual(await recount(since));
          }
          const coverage = await subgraph.query(
            `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on District { visitCoverage { visitedHouseholds since } } } }`,
            { reps: [{ __typename: "District", code: tree.district.code, householdCount: households.length }] },
          );
          expect(coverage.data?._entities[0].visitCoverage).toEqual({
            visitedHouseholds: (await recount(now))[0],
            since: now.toISOString(),
          });
        },
      ),
      { numRuns: 10 },
    );
    expect(logged).toBeGreaterThan(20);
  }, 120_000);
});
