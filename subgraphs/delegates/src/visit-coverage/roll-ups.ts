// The coverage roll-ups recomputed from the visits, set-based, in one transaction: for repair, after
// bulk loads (which disable the visit trigger) and for tests. The trigger in 0003_visit_roll_ups (its
// bucket function extended to communities in 0005, to the window counters in 0010) keeps them current
// at every write; this must agree with it row for row, and its counters with the buckets.
// rollVisitWindows moves the counters on as the coverage window does.
import type { DelegatesPrisma } from "../prisma";
import { coverageTargets, firstWholeDay } from "./targets";

const ROLL_UP_TABLES = [
  "visited_household",
  "visited_household_day",
  "visited_household_community_day",
  "visited_household_window",
  "visited_household_community_window",
  "visit_spell",
  "visit_spell_day",
  "visit_spell_month",
  "visit_spell_year",
] as const;

export async function rebuildVisitRollUps(prisma: DelegatesPrisma, now = new Date()): Promise<Record<string, number>> {
  // Counters count from the first whole day (Asia/Shanghai) of the window open now.
  const { day } = firstWholeDay(coverageTargets(now).since);
  return prisma.$transaction(
    async (tx) => {
      // Writers wait until the rebuild commits, so none is counted twice or lost.
      await tx.$executeRawUnsafe("LOCK TABLE visit IN SHARE MODE");
      await tx.$executeRawUnsafe(`TRUNCATE ${ROLL_UP_TABLES.join(", ")}`);
      const households = await tx.$executeRawUnsafe(`
        INSERT INTO visited_household (household_id, block_code, last_occurred_at)
        SELECT household_id, place_code, max(occurred_at) FROM visit
        WHERE household_id IS NOT NULL GROUP BY household_id, place_code`);
      const days = await tx.$executeRawUnsafe(`
        INSERT INTO visited_household_day (block_code, day, households)
        SELECT block_code, visit_local_day(last_occurred_at), count(*) FROM visited_household GROUP BY 1, 2`);
      const communityDays = await tx.$executeRawUnsafe(`
        INSERT INTO visited_household_community_day (community_code, day, households)
        SELECT left(block_code, 12), day, sum(households) FROM visited_household_day GROUP BY 1, 2`);
      // Every place with a bucket has a counter, counting from the window's first whole day.
      const windows = await tx.$executeRaw`
        INSERT INTO visited_household_window (block_code, since_day, households)
        SELECT block_code, ${day}::date, coalesce(sum(households) FILTER (WHERE day >= ${day}::date), 0)
        FROM visited_household_day GROUP BY 1`;
      const communityWindows = await tx.$executeRaw`
        INSERT INTO visited_household_community_window (community_code, since_day, households)
        SELECT community_code, ${day}::date, coalesce(sum(households) FILTER (WHERE day >= ${day}::date), 0)
        FROM visited_household_community_day GROUP BY 1`;
      // visitCoverage(asOf)'s spells and their day, month and year changes (migrations 0004, 0008).
      await tx.$executeRawUnsafe("SET LOCAL work_mem = '128MB'");
      await tx.$executeRawUnsafe("SELECT visit_spells_rebuild()");
      const [spells] = await tx.$queryRawUnsafe<{ spells: number; days: number; months: number; years: number }[]>(`
        SELECT (SELECT count(*) FROM visit_spell)::int AS spells, (SELECT count(*) FROM visit_spell_day)::int AS days,
          (SELECT count(*) FROM visit_spell_month)::int AS months, (SELECT count(*) FROM visit_spell_year)::int AS years`);
      return {
        visited_household: households,
        visited_household_day: days,
        visited_household_community_day: communityDays,
        visited_household_window: windows,
        visited_household_community_window: communityWindows,
        visit_spell: spells!.spells,
        visit_spell_day: spells!.days,
        visit_spell_month: spells!.months,
        visit_spell_year: spells!.years,
      };
    },
    { timeout: 600_000, maxWait: 60_000 },
  );
}

/** How often the subgraph moves the counters on (src/main.ts): the window's first day changes at midnight, Asia/Shanghai. */
export const VISIT_WINDOW_ROLL_INTERVAL_MS = 3_600_000;

/**
 * Moves every window counter behind the coverage window open at `now` on to its first whole day,
 * one place per statement (a counter's lock is held for one place's buckets, and never beside
 * another's, so no writer can deadlock with it). Answers how many moved. Reads are right whatever
 * day a counter counts from (visitedHouseholds adds or takes away the buckets between); this keeps
 * those buckets to a day's at most.
 */
export async function rollVisitWindows(prisma: DelegatesPrisma, now = new Date()): Promise<number> {
  const { day } = firstWholeDay(coverageTargets(now).since);
  const behind = await prisma.$queryRaw<{ code: string; community: boolean }[]>`
    SELECT block_code AS code, false AS community FROM visited_household_window WHERE since_day < ${day}::date
    UNION ALL
    SELECT community_code, true FROM visited_household_community_window WHERE since_day < ${day}::date`;
  for (const { code, community } of behind) {
    if (community) await prisma.$executeRaw`SELECT visited_household_community_window_roll(${code}, ${day}::date)`;
    else await prisma.$executeRaw`SELECT visited_household_window_roll(${code}, ${day}::date)`;
  }
  return behind.length;
}
