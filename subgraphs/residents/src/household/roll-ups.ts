// The block roll-up and the pairing spells recomputed from the households and pairings, set-based,
// in one transaction: for repair, after bulk loads (which disable the triggers) and for tests. The
// triggers in 0004_household_roll_ups, 0007_pairing_spells and 0010_pairing_spell_years keep them current at every write; this
// must agree with them row for row.
import type { ResidentsPrisma } from "../prisma";

export async function rebuildHouseholdRollUps(prisma: ResidentsPrisma): Promise<Record<string, number>> {
  return prisma.$transaction(
    async (tx) => {
      // Writers wait until the rebuild commits, so none is counted twice or lost.
      await tx.$executeRawUnsafe("LOCK TABLE household, pairing IN SHARE MODE");
      await tx.$executeRawUnsafe(
        "TRUNCATE counted_household, block_households, pairing_spell, pairing_spell_day, pairing_spell_month, pairing_spell_year",
      );
      const households = await tx.$executeRawUnsafe(`
        INSERT INTO counted_household (household_id, block_code, in_need, paired)
        SELECT h.id, h.block_code, cardinality(h.needs) > 0,
          cardinality(h.needs) > 0 AND EXISTS (SELECT 1 FROM pairing p WHERE p.household_id = h.id AND p.status = 'ACTIVE')
        FROM household h`);
      const blocks = await tx.$executeRawUnsafe(`
        INSERT INTO block_households (block_code, households, in_need, paired)
        SELECT block_code, count(*), count(*) FILTER (WHERE in_need), count(*) FILTER (WHERE paired)
        FROM counted_household GROUP BY block_code`);
      await tx.$executeRawUnsafe("SELECT pairing_spells_rebuild()");
      const [spells] = await tx.$queryRawUnsafe<{ spells: number; days: number; months: number; years: number }[]>(`
        SELECT (SELECT count(*)::int FROM pairing_spell) AS spells, (SELECT count(*)::int FROM pairing_spell_day) AS days,
          (SELECT count(*)::int FROM pairing_spell_month) AS months, (SELECT count(*)::int FROM pairing_spell_year) AS years`);
      return {
        counted_household: households,
        block_households: blocks,
        pairing_spell: spells!.spells,
        pairing_spell_day: spells!.days,
        pairing_spell_month: spells!.months,
        pairing_spell_year: spells!.years,
      };
    },
    { timeout: 600_000, maxWait: 60_000 },
  );
}
