// The visit coverage roll-ups kept by the trigger on visit, against random workloads through the
// real mutations: visits logged alone and in batches, backdated up to the 30 days a phone may, to
// households that move between blocks (a household visited in two blocks counts in each), with the
// clock moving on by days and months, the window counters moved on at random moments (or not), and
// visits deleted or backdated by hand (SQL).
// After each run the roll-ups must equal their rebuild, every window counter the sum of its day
// buckets, and visitedHouseholds a recount by today's SQL over the visits, for every place of the
// district, with the window opening now and at instants where visits happened, both on the
// counters as the workload left them and as rebuilt.
import { randomUUID } from "node:crypto";
import { createDemoDirectory, demoTree, householdsOfBlock, roomIdOf, SCALES } from "@grassroots/demo-district";
import { LEVELS, levelOf } from "@grassroots/jurisdiction";
import { rollUpToPlaces } from "@grassroots/jurisdiction/roll-up";
import { rawReadsOf } from "@grassroots/platform";
import { startTestSubgraph } from "@grassroots/platform/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Prisma } from "../src/generated/prisma/client";
import { seedDelegates } from "../src/seed";
import { createDelegatesSubgraph } from "../src/subgraph";
import { coverageLoaders } from "../src/visit-coverage/loaders";
import { rebuildVisitRollUps, rollVisitWindows } from "../src/visit-coverage/roll-ups";
import { coverageTargets } from "../src/visit-coverage/targets";

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
  // Up to 30 days back (29 days 23 h), alone or queued in the round's batch. Visits are what the
  // roll-ups count, so they are drawn three times as often as moves and ticks.
  {
    arbitrary: fc.record({
      kind: fc.constant("visit" as const),
      household: fc.nat(),
      minutesAgo: fc.nat({ max: 43_000 }),
      queued: fc.boolean(),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant("move" as const), household: fc.nat(), block: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("tick" as const), days: fc.integer({ min: 1, max: 120 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("roll" as const) }), weight: 1 },
  // No mutation deletes or moves a visit; an operator's SQL may, and the trigger keeps the roll-ups
  // then too: a household's last visit goes back (to before a counter's day) or away.
  { arbitrary: fc.record({ kind: fc.constant("erase" as const), visit: fc.nat() }), weight: 1 },
  {
    arbitrary: fc.record({ kind: fc.constant("backdate" as const), visit: fc.nat(), days: fc.integer({ min: 1, max: 400 }) }),
    weight: 1,
  },
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

// Always run first, whatever the draws: visits alone and batched, at the edges of the 30 days a
// phone may backdate, the same household twice, a household visited before and after a move, and
// the clock crossing month ends; 24 visits in all, so the random runs add to a known floor.
const visit = (household: number, minutesAgo: number, queued: boolean): Operation => ({
  kind: "visit",
  household,
  minutesAgo,
  queued,
});
const SCRIPTED: Operation[][] = [
  [visit(0, 0, false), visit(1, 43_000, false), visit(1, 10, true), visit(2, 1_440, true)],
  [visit(3, 42_999, true), visit(3, 5, true), visit(4, 60, false), visit(5, 20_000, false)],
  [{ kind: "move", household: 0, block: 7 }, visit(0, 0, false), visit(0, 30, true), visit(6, 100, true)],
  [{ kind: "tick", days: 31 }, visit(7, 43_000, true), visit(8, 0, true), visit(1, 1, false), { kind: "roll" }],
  [{ kind: "tick", days: 29 }, visit(9, 500, false), visit(10, 2_000, true), visit(11, 3_000, true)],
  [{ kind: "move", household: 9, block: 2 }, visit(9, 0, true), { kind: "tick", days: 1 }, visit(9, 1_441, false)],
  [visit(12, 7, true), visit(13, 8, true), visit(14, 9, false), visit(15, 10, true), visit(0, 0, false)],
];

type Table = { [column: string]: unknown }[];
async function rollUpTables(): Promise<Table[]> {
  return Promise.all([
    subgraph.prisma.$queryRaw<Table>`SELECT household_id, block_code, last_occurred_at FROM visited_household ORDER BY 1, 2`,
    subgraph.prisma.$queryRaw<Table>`SELECT block_code, day, households FROM visited_household_day ORDER BY 1, 2`,
    subgraph.prisma.$queryRaw<Table>`SELECT community_code, day, households FROM visited_household_community_day ORDER BY 1, 2`,
    subgraph.prisma.$queryRaw<Table>`SELECT household_id, block_code, started_on, ended_on FROM visit_spell ORDER BY 1, 2, 3`,
    subgraph.prisma.$queryRaw<Table>`SELECT block_code, day, change FROM visit_spell_day WHERE change <> 0 ORDER BY 1, 2`,
    subgraph.prisma.$queryRaw<Table>`SELECT block_code, month, change FROM visit_spell_month WHERE change <> 0 ORDER BY 1, 2`,
    subgraph.prisma.$queryRaw<Table>`SELECT block_code, year, change FROM visit_spell_year WHERE change <> 0 ORDER BY 1, 2`,
  ]);
}

/**
 * Window counters that disagree with their day buckets (the households from the counter's day on),
 * and places with buckets but no counter: none, whatever day each counter counts from.
 */
async function countersOffTheirBuckets(): Promise<Table> {
  return subgraph.prisma.$queryRaw<Table>`
    SELECT * FROM (
      SELECT counter.block_code AS code, counter.since_day, counter.households,
        (SELECT coalesce(sum(bucket.households), 0)::int FROM visited_household_day bucket
          WHERE bucket.block_code = counter.block_code AND bucket.day >= counter.since_day) AS buckets
      FROM visited_household_window counter
      UNION ALL
      SELECT counter.community_code, counter.since_day, counter.households,
        (SELECT coalesce(sum(bucket.households), 0)::int FROM visited_household_community_day bucket
          WHERE bucket.community_code = counter.community_code AND bucket.day >= counter.since_day)
      FROM visited_household_community_window counter
    ) AS counters
    WHERE households <> buckets
    UNION ALL
    SELECT bucket.block_code, NULL, NULL, NULL FROM visited_household_day bucket
    WHERE NOT EXISTS (SELECT FROM visited_household_window counter WHERE counter.block_code = bucket.block_code)
    UNION ALL
    SELECT bucket.community_code, NULL, NULL, NULL FROM visited_household_community_day bucket
    WHERE NOT EXISTS (SELECT FROM visited_household_community_window counter WHERE counter.community_code = bucket.community_code)`;
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

/** visitCoverage(asOf) by brute force over the visits: households visited on a day d with d <= day < d + 1 year. */
async function recountAsOf(day: string): Promise<number[]> {
  const rows = await rollUpToPlaces(
    subgraph.prisma,
    PLACES,
    ["visited"],
    ({ from, to }) => Prisma.sql`
      SELECT place_code AS block_code, count(DISTINCT household_id) AS "visited" FROM visit
      WHERE place_code BETWEEN ${from} AND ${to} AND household_id IS NOT NULL
        AND (occurred_at AT TIME ZONE 'Asia/Shanghai')::date <= ${day}::date
        AND ((occurred_at AT TIME ZONE 'Asia/Shanghai')::date + interval '1 year')::date > ${day}::date
      GROUP BY place_code`,
  );
  return rows.map((row) => row.visited);
}

async function visitedAsOf(day: string): Promise<number[]> {
  // Served as the subgraph serves them (node-postgres on PostgreSQL).
  const loaders = coverageLoaders(rawReadsOf(subgraph), { fullTargetMaxHouseholds: 300, since: new Date() });
  const loader = loaders.visitedHouseholdsAsOf(day);
  return (await loader.loadMany(PLACES)) as number[];
}

/**
 * visitedHouseholds of every place, asked once all together (each block's buckets, joined to its
 * ancestors) and once a level at a time (as a gateway asks: communities and above from the
 * buckets summed per community); the two must agree.
 */
async function visited(since: Date): Promise<number[]> {
  const loaders = () => coverageLoaders(rawReadsOf(subgraph), { fullTargetMaxHouseholds: 300, since }).visitedHouseholds;
  const together = (await loaders().loadMany(PLACES)) as number[];
  const levelByLevel = await Promise.all(
    LEVELS.map((level) => loaders().loadMany(PLACES.filter((code) => levelOf(code) === level)) as Promise<number[]>),
  );
  expect(levelByLevel.flat()).toEqual(together);
  return together;
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
              } else if (op.kind === "roll") {
                await flush();
                await rollVisitWindows(subgraph.prisma, new Date(clock));
              } else if (op.kind === "erase" || op.kind === "backdate") {
                await flush();
                const change =
                  op.kind === "erase"
                    ? Prisma.sql`DELETE FROM visit`
                    : Prisma.sql`UPDATE visit SET occurred_at = occurred_at - make_interval(days => ${op.days})`;
                await subgraph.prisma.$executeRaw`${change} WHERE id = (
                  SELECT id FROM visit WHERE household_id IS NOT NULL ORDER BY id
                  OFFSET ${op.visit} % greatest((SELECT count(*) FROM visit WHERE household_id IS NOT NULL), 1) LIMIT 1)`;
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
          // The window as a request opens it now, and opening exactly at visits' instants: read
          // from the counters as the workload left them (behind the window, or ahead of it when a
          // place's first household was counted from its own day), then as rebuilt.
          const now = coverageTargets(new Date(clock)).since;
          const instants = await subgraph.prisma.visit.findMany({
            select: { occurredAt: true },
            orderBy: { occurredAt: "desc" },
            take: 3,
          });
          const windows = [now, ...instants.map((visit) => visit.occurredAt), new Date(clock - 400 * DAY_MS)];
          const recounts = await Promise.all(windows.map(recount));
          expect(await countersOffTheirBuckets()).toEqual([]);
          for (const [index, since] of windows.entries()) expect(await visited(since)).toEqual(recounts[index]);

          const incremental = await rollUpTables();
          await rebuildVisitRollUps(subgraph.prisma);
          expect(await rollUpTables()).toEqual(incremental);
          expect(await countersOffTheirBuckets()).toEqual([]);
          for (const [index, since] of windows.entries()) expect(await visited(since)).toEqual(recounts[index]);
          // As of days: today, the days visits happened, the days a year after them (the last
          // covered and the first no longer covered), and long ago.
          const local = (at: number) => new Date(at + 8 * 3600_000).toISOString().slice(0, 10);
          const plusYear = (day: string, days: number) => {
            const date = new Date(`${day}T00:00:00Z`);
            date.setUTCFullYear(date.getUTCFullYear() + 1);
            return local(date.getTime() - 8 * 3600_000 + days * DAY_MS);
          };
          const visitDays = instants.map((visit) => local(visit.occurredAt.getTime()));
          for (const day of [
            local(clock),
            ...visitDays,
            ...visitDays.flatMap((d) => [plusYear(d, -1), plusYear(d, 0)]),
            local(clock - 200 * DAY_MS),
            local(clock - 400 * DAY_MS),
          ]) {
            expect(await visitedAsOf(day), day).toEqual(await recountAsOf(day));
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
      { numRuns: 10, examples: [[SCRIPTED]] },
    );
    // The scripted rounds alone log 24; the random runs must have logged some of their own.
    expect(logged).toBeGreaterThan(24);
  }, 120_000);
});

describe("the visits the roll-ups count", () => {
  it("are stored only at a block's code when they are a household's (the roll-ups take it for the block)", async () => {
    // Straight to the database (Prisma's adapter errors do not name the constraint): a household's
    // home visit, or a walk-in at the reception of the community's room.
    const visit = (placeCode: string, householdId: string | null) =>
      subgraph.database.withConnection((connection) =>
        connection.query(
          `INSERT INTO visit (id, channel, room_id, household_id, place_code, walk_in_name, walk_in_phone, logged_by,
             category, summary, follow_up_needed, occurred_at, recorded_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'roll-ups test', 'OTHER', 'A constraint check.', false, now(), now())
           RETURNING place_code`,
          householdId
            ? [randomUUID(), "HOME_VISIT", null, householdId, placeCode, null, null]
            : [randomUUID(), "RECEPTION", roomIdOf(placeCode), null, placeCode, "A walk-in", "13800000000"],
        ),
      );
    const community = tree.communities[0]!.code;
    await expect(visit(community, households[0]!)).rejects.toThrow(/visit_household_place_is_block/);
    await expect(visit(`${tree.blocks[0]!.code}0`, households[0]!)).rejects.toThrow(/visit_household_place_is_block/);
    // A walk-in (no household) is at its room's place, a community's code.
    expect(await visit(community, null)).toEqual([{ place_code: community }]);
  });
});
