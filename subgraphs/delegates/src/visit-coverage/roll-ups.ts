// The coverage roll-ups recomputed from the visits, set-based, in one transaction: for repair, after
// bulk loads (which disable the visit trigger) and for tests. The trigger in 0003_visit_roll_ups (its
// bucket function extended to communities in 0005) keeps them current at every write; this must agree
// with it row for row.
import type { DelegatesPrisma } from "../prisma";

const ROLL_UP_TABLES = [
  "visited_household",
  "visited_household_month",
  "visited_household_day",
  "visited_household_community_month",
  "visited_household_community_day",
  "visit_spell",
  "visit_spell_day",
  "visit_spell_month",
  "visit_spell_year",
] as const;

export async function rebuildVisitRollUps(prisma: DelegatesPrisma): Promise<Record<string, number>> {
  return prisma.$transaction(
    async (tx) => {
      // Writers wait until the rebuild commits, so none is counted twice or lost.
      await tx.$executeRawUnsafe("LOCK TABLE visit IN SHARE MODE");
      await tx.$executeRawUnsafe(`TRUNCATE ${ROLL_UP_TABLES.join(", ")}`);
      const households = await tx.$executeRawUnsafe(`
        INSERT INTO visited_household (household_id, block_code, last_occurred_at)
        SELECT household_id, place_code, max(occurred_at) FROM visit
        WHERE household_id IS NOT NULL GROUP BY household_id, place_code`);
      const months = await tx.$executeRawUnsafe(`
        INSERT INTO visited_household_month (block_code, month, households)
        SELECT block_code, visit_local_month(last_occurred_at), count(*) FROM visited_household GROUP BY 1, 2`);
      const days = await tx.$executeRawUnsafe(`
        INSERT INTO visited_household_day (block_code, day, households)
        SELECT block_code, visit_local_day(last_occurred_at), count(*) FROM visited_household GROUP BY 1, 2`);
      const communityMonths = await tx.$executeRawUnsafe(`
        INSERT INTO visited_household_community_month (community_code, month, households)
        SELECT left(block_code, 12), month, sum(households) FROM visited_household_month GROUP BY 1, 2`);
      const communityDays = await tx.$executeRawUnsafe(`
        INSERT INTO visited_household_community_day (community_code, day, households)
        SELECT left(block_code, 12), day, sum(households) FROM visited_household_day GROUP BY 1, 2`);
      // visitCoverage(asOf)'s spells and their day, month and year changes (migrations 0004, 0008).
      await tx.$executeRawUnsafe("SET LOCAL work_mem = '128MB'");
      await tx.$executeRawUnsafe("SELECT visit_spells_rebuild()");
      const [spells] = await tx.$queryRawUnsafe<{ spells: number; days: number; months: number; years: number }[]>(`
        SELECT (SELECT count(*) FROM visit_spell)::int AS spells, (SELECT count(*) FROM visit_spell_day)::int AS days,
          (SELECT count(*) FROM visit_spell_month)::int AS months, (SELECT count(*) FROM visit_spell_year)::int AS years`);
      return {
        visited_household: households,
        visited_household_month: months,
        visited_household_day: days,
        visited_household_community_month: communityMonths,
        visited_household_community_day: communityDays,
        visit_spell: spells!.spells,
        visit_spell_day: spells!.days,
        visit_spell_month: spells!.months,
        visit_spell_year: spells!.years,
      };
    },
    { timeout: 600_000, maxWait: 60_000 },
  );
}
