// The as-of roll-ups' writers take a block's rows in one order (years, then months, then days, each
// ascending), so two transactions writing changes of one block in one year wait for each other and
// never deadlock. Before, a writer took each change's day, month and year in turn: a transaction
// holding January's rows and the year's, and another holding March's and wanting the year, deadlocked
// when the first went on to March. Each case here is that sequence, step by step, through the writer
// the triggers call. Transactions writing several blocks, or across two years, are not covered by
// this order: two such can still deadlock, and the one PostgreSQL refuses is run again (as logVisits
// does, retryingDeadlocks: test/postgres/deadlock-retry.test.ts). PostgreSQL only.
// Then the visit coverage window counters (delegates' migrations 0010 and 0011): a counter moved on
// while a visit is written stays the sum of its buckets, and visits of one block, alone or two in a
// transaction, wait for each other rather than deadlock.
import { join } from "node:path";
import { type Database, openDatabase, retryingDeadlocks } from "@grassroots/platform";
import { createTestDatabase, type TestDatabase } from "@grassroots/platform/testing";
import { afterAll, describe, expect, it } from "vitest";

const BLOCK = "310105001001001";
const root = join(import.meta.dirname, "../..");

/** A statement and its parameters. */
type Write = [sql: string, ...parameters: string[]];

/** Each roll-up's writer of one change (+1 on a day) and the sum it kept for the block, per grain. */
const WRITERS = [
  {
    subgraph: "delegates",
    write: (day: string): Write => ["SELECT visit_spell_add($1, ARRAY[$2::date], ARRAY[1])", BLOCK, day],
    sums: "SELECT (SELECT sum(change) FROM visit_spell_year)::int AS years, (SELECT sum(change) FROM visit_spell_month)::int AS months, (SELECT sum(change) FROM visit_spell_day)::int AS days",
  },
  {
    subgraph: "residents",
    write: (day: string): Write => ["SELECT pairing_spell_add(ARRAY[$1], ARRAY[$2::date], ARRAY[1])", BLOCK, day],
    sums: "SELECT (SELECT sum(change) FROM pairing_spell_year)::int AS years, (SELECT sum(change) FROM pairing_spell_month)::int AS months, (SELECT sum(change) FROM pairing_spell_day)::int AS days",
  },
  {
    subgraph: "escalations",
    write: (day: string): Write => ["SELECT case_open_write($1, 'BLOCK', ARRAY[$2::date], ARRAY[1], ARRAY[0])", BLOCK, day],
    sums: "SELECT (SELECT sum(open_block) FROM case_open_year)::int AS years, (SELECT sum(open_block) FROM case_open_month)::int AS months, (SELECT sum(open_block) FROM case_open_day)::int AS days",
  },
];

const opened: { database: Database; testDatabase: TestDatabase }[] = [];
afterAll(async () => {
  for (const { database, testDatabase } of opened) {
    await database.close();
    await testDatabase.drop();
  }
});

/** A moment one side of a race waits for: `reached()` marks it, `passed` resolves once it is. */
function moment() {
  let reached!: () => void;
  const passed = new Promise<void>((resolve) => {
    reached = resolve;
  });
  return { reached, passed };
}

async function waitUntil(what: string, condition: () => Promise<boolean>) {
  for (let tries = 0; tries < 200; tries++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never: ${what}`);
}

/** A migrated database of the writer's subgraph, with room for two transactions and a watcher. */
async function openWriterDatabase(subgraph: string) {
  const testDatabase = await createTestDatabase(subgraph, join(root, "prisma", subgraph, "migrations"));
  const { url } = testDatabase.location as { url: string };
  const database = await openDatabase({ url, poolSize: 3 });
  opened.push({ database, testDatabase });
  const raw = database.rawTransactions!;
  const blockedOnALock = async () => {
    const [row] = await raw.$queryRawUnsafe<{ waiting: number }[]>(
      "SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    );
    return row!.waiting > 0;
  };
  return { raw, blockedOnALock };
}

describe("the as-of roll-ups' writers", () => {
  it.each(WRITERS)("of the $subgraph subgraph wait for each other on one block, and never deadlock", async (writer) => {
    const { raw, blockedOnALock } = await openWriterDatabase(writer.subgraph);

    const firstWrote = moment();
    const first = raw.$transaction(
      async (tx) => {
        await tx.$queryRawUnsafe(...writer.write("2026-01-10"));
        firstWrote.reached();
        // The second transaction now waits for a row this one holds …
        await waitUntil("the second transaction waits for the first", blockedOnALock);
        // … and this one goes on to March, which the second had begun with.
        await tx.$queryRawUnsafe(...writer.write("2026-03-10"));
      },
      { timeout: 10_000 },
    );
    // Failed before writing: the second goes on alone, and the test fails on the first's error.
    first.catch(() => firstWrote.reached());
    const second = (async () => {
      await firstWrote.passed;
      return raw.$transaction(
        async (tx) => {
          await tx.$queryRawUnsafe(...writer.write("2026-03-12"));
          await tx.$queryRawUnsafe(...writer.write("2026-01-12"));
        },
        { timeout: 10_000 },
      );
    })();
    const outcomes = await Promise.allSettled([first, second]);
    expect(outcomes.map((outcome) => (outcome.status === "rejected" ? String(outcome.reason) : "stored"))).toEqual([
      "stored",
      "stored",
    ]);
    const [sums] = await raw.$queryRawUnsafe<{ years: number; months: number; days: number }[]>(writer.sums);
    expect(sums).toEqual({ years: 4, months: 4, days: 4 });
  });

  it("of visits across two years can still deadlock, and the one refused lands when run again", async () => {
    const writer = WRITERS[0]!;
    const { raw, blockedOnALock } = await openWriterDatabase(writer.subgraph);
    // The first holds 2025's row and goes on to 2026; the second holds 2026's and goes on to 2025.
    const firstWrote = moment();
    const secondWrote = moment();
    const runs = { first: 0, second: 0 };
    const refusals: string[] = [];
    const noted = <T>(side: string, run: () => Promise<T>) =>
      run().catch((error: unknown) => {
        refusals.push(`${side}: ${String(error)}`);
        throw error;
      });
    const first = retryingDeadlocks(() =>
      noted("first", () =>
        raw.$transaction(
          async (tx) => {
            runs.first++;
            await tx.$queryRawUnsafe(...writer.write("2025-12-20"));
            if (runs.first === 1) {
              firstWrote.reached();
              await secondWrote.passed;
            }
            await tx.$queryRawUnsafe(...writer.write("2026-03-10"));
          },
          { timeout: 10_000 },
        ),
      ),
    );
    first.catch(() => firstWrote.reached());
    const second = (async () => {
      await firstWrote.passed;
      return retryingDeadlocks(() =>
        noted("second", () =>
          raw.$transaction(
            async (tx) => {
              runs.second++;
              await tx.$queryRawUnsafe(...writer.write("2026-03-12"));
              if (runs.second === 1) {
                secondWrote.reached();
                await waitUntil("the first waits for the second", blockedOnALock);
              }
              await tx.$queryRawUnsafe(...writer.write("2025-11-12"));
            },
            { timeout: 10_000 },
          ),
        ),
      );
    })();
    const outcomes = await Promise.allSettled([first, second]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "fulfilled"]);
    // One of them was refused as a deadlock, and ran again.
    expect(refusals).toEqual([expect.stringMatching(/deadlock detected/)]);
    expect(runs.first + runs.second).toBe(3);
    const [sums] = await raw.$queryRawUnsafe<{ years: number; months: number; days: number }[]>(writer.sums);
    expect(sums).toEqual({ years: 4, months: 4, days: 4 });
  });
});

// The visit coverage window counters (migration 0010): a counter moved on to a later day while a
// visit to a day it passes is being written stays the sum of its day buckets from its new day, in
// either order. The roll locks the counter and then sums the buckets in a statement of its own: as
// one UPDATE, its sum would be of the buckets before the visit it waited for committed.
describe("the visit coverage window's roll", () => {
  const count = (day: string, delta: number): Write => [
    "SELECT visited_household_count($1, $2::date::timestamp AT TIME ZONE 'Asia/Shanghai', $3::int)",
    BLOCK,
    day,
    String(delta),
  ];
  const roll: Write = ["SELECT visited_household_window_roll($1, '2025-03-01')", BLOCK];
  const counter = "SELECT since_day::text AS since, households FROM visited_household_window";
  const buckets = "SELECT coalesce(sum(households), 0)::int AS households FROM visited_household_day WHERE day >= '2025-03-01'";

  async function counted(raw: Awaited<ReturnType<typeof openWriterDatabase>>["raw"]) {
    const [row] = await raw.$queryRawUnsafe<{ since: string; households: number }[]>(counter);
    const [sum] = await raw.$queryRawUnsafe<{ households: number }[]>(buckets);
    return { ...row, buckets: sum!.households };
  }

  it("after a visit it waited for", async () => {
    const { raw, blockedOnALock } = await openWriterDatabase("delegates");
    await raw.$queryRawUnsafe(...count("2025-01-05", 1));
    await raw.$queryRawUnsafe(...count("2025-02-10", 1));
    const visitWrote = moment();
    const visit = raw.$transaction(
      async (tx) => {
        await tx.$queryRawUnsafe(...count("2025-02-20", 1));
        await tx.$queryRawUnsafe(...count("2025-03-05", 1));
        visitWrote.reached();
        await waitUntil("the roll waits for the visit", blockedOnALock);
      },
      { timeout: 10_000 },
    );
    visit.catch(() => visitWrote.reached());
    await visitWrote.passed;
    const rolled = raw.$queryRawUnsafe(...roll);
    await Promise.all([visit, rolled]);
    expect(await counted(raw)).toEqual({ since: "2025-03-01", households: 1, buckets: 1 });
  });

  it("before a visit that waited for it", async () => {
    const { raw, blockedOnALock } = await openWriterDatabase("delegates");
    await raw.$queryRawUnsafe(...count("2025-01-05", 1));
    let visit: Promise<unknown> | undefined;
    await raw.$transaction(
      async (tx) => {
        await tx.$queryRawUnsafe(...roll);
        visit = raw.$transaction(async (other) => {
          await other.$queryRawUnsafe(...count("2025-02-20", 1));
          await other.$queryRawUnsafe(...count("2025-03-05", 1));
        });
        await waitUntil("the visit waits for the roll", blockedOnALock);
      },
      { timeout: 10_000 },
    );
    await visit;
    expect(await counted(raw)).toEqual({ since: "2025-03-01", households: 1, buckets: 1 });
  });

  const [h1, h2, h3] = [
    "00000000-0000-4000-8000-000000000001",
    "00000000-0000-4000-8000-000000000002",
    "00000000-0000-4000-8000-000000000003",
  ] as const;
  const visit = (household: string, at: string): Write => [
    `INSERT INTO visit (id, channel, household_id, place_code, logged_by, category, summary, follow_up_needed, occurred_at, recorded_at)
     VALUES (gen_random_uuid(), 'HOME_VISIT', $1::uuid, $2, 'lock order test', 'OTHER', 'A visit.', false, $3::timestamptz, now())`,
    household,
    BLOCK,
    at,
  ];
  const [earlier, later] = ["2025-06-10T02:00:00+08:00", "2025-06-10T03:00:00+08:00"];

  /**
   * A transaction of two visits, the second sent once a visit of another transaction waits for the
   * first: whether each was stored or refused (a deadlock), and the block's counter after.
   */
  async function race(first: [Write, Write], second: Write) {
    const { raw, blockedOnALock } = await openWriterDatabase("delegates");
    // h2 was visited earlier that day, h3 a week before: the block and its community have counters.
    await raw.$queryRawUnsafe(...visit(h2, earlier));
    await raw.$queryRawUnsafe(...visit(h3, "2025-06-03T10:00:00+08:00"));
    const firstWrote = moment();
    const one = raw.$transaction(
      async (tx) => {
        // The roll-up triggers run at COMMIT (migration 0012), where nothing else runs between two
        // visits' triggers. Run at each statement's end instead, the first transaction holds its
        // first visit's rows while the other visit starts: the interleaving whose lock order is
        // tested here, which a COMMIT meets when its triggers wait for another's rows.
        await tx.$queryRawUnsafe("SET CONSTRAINTS visit_roll_up, visit_spell_roll_up IMMEDIATE");
        await tx.$queryRawUnsafe(...first[0]);
        firstWrote.reached();
        await waitUntil("the other visit waits for the first", blockedOnALock);
        await tx.$queryRawUnsafe(...first[1]);
      },
      { timeout: 10_000 },
    );
    one.catch(() => firstWrote.reached());
    const other = firstWrote.passed.then(() => raw.$queryRawUnsafe(...second));
    const outcomes = await Promise.allSettled([one, other]);
    const [counter] = await raw.$queryRawUnsafe<{ households: number }[]>(
      "SELECT households FROM visited_household_window WHERE block_code = $1",
      BLOCK,
    );
    return {
      outcomes: outcomes.map((outcome) => (outcome.status === "rejected" ? String(outcome.reason) : "stored")),
      households: counter!.households,
    };
  }

  it("leaves visits of one block waiting for each other, never deadlocked", async () => {
    // The first visits h1 on another day, then (once the second waits) h3 again: out of the week
    // before's buckets and into the day's. The second visits h2 again, out of the day's and into
    // them: had it taken the day's buckets before the counters, it would hold them waiting for the
    // counters the first held, and the first would then wait for the day's buckets.
    expect(await race([visit(h1, "2025-06-05T10:00:00+08:00"), visit(h3, later)], visit(h2, later))).toEqual({
      outcomes: ["stored", "stored"],
      // Counted from h2's first day: h2 and h3 (h1's day is before it).
      households: 2,
    });
  });

  it("leaves a transaction of two visits and a visit of its second household waiting, never deadlocked", async () => {
    // The second takes h2's lock (one transaction at a time per household and block) before the
    // counters would be: had it, the first's second visit would wait for it while it waited for the
    // counters the first held.
    expect(await race([visit(h1, later), visit(h2, later)], visit(h2, "2025-06-10T04:00:00+08:00"))).toEqual({
      outcomes: ["stored", "stored"],
      households: 2,
    });
  });
});
