// The residents roll-ups' figures read two ways for roll-ups.test.ts: as the roll-up tables keep
// them, and recounted from the raw rows by the SQL used before those tables existed.
import { pairingLoaders } from "../src/pairing/loaders";
import type { Subgraph } from "./support";

type Prisma = Subgraph["prisma"];
type Figures = Record<string, [households: number, inNeed: number, paired: number]>;

/** The block roll-up as kept: households, households in need, and those paired, per block. */
export async function rolledUp(prisma: Prisma): Promise<Figures> {
  const rows = await prisma.$queryRaw<{ block_code: string; households: number; in_need: number; paired: number }[]>`
    SELECT block_code, households, in_need, paired FROM block_households`;
  return Object.fromEntries(rows.map((row) => [row.block_code, [row.households, row.in_need, row.paired]]));
}

/** Today's SQL before the roll-up existed: households per block, and pairing coverage per block. */
export async function recounted(prisma: Prisma): Promise<Figures> {
  const counts = await prisma.$queryRaw<{ block_code: string; households: number }[]>`
    SELECT block_code, count(*)::int AS households FROM household GROUP BY block_code`;
  const coverage = await prisma.$queryRaw<{ block_code: string; in_need: number; paired: number }[]>`
    SELECT household.block_code,
      count(*)::int AS in_need,
      count(*) FILTER (WHERE EXISTS (
        SELECT 1 FROM pairing WHERE pairing.household_id = household.id AND pairing.status = 'ACTIVE'
      ))::int AS paired
    FROM household
    WHERE cardinality(household.needs) > 0
    GROUP BY household.block_code`;
  const byBlock = new Map(coverage.map((row) => [row.block_code, row]));
  return Object.fromEntries(
    counts.map((row) => [
      row.block_code,
      [row.households, byBlock.get(row.block_code)?.in_need ?? 0, byBlock.get(row.block_code)?.paired ?? 0],
    ]),
  );
}

/** The pairing spells as stored, and their day, month and year changes that are not zero. */
export async function spells(prisma: Prisma) {
  return {
    spells: await prisma.$queryRaw`
      SELECT household_id::text, block_code, started_on::text, ended_on::text FROM pairing_spell ORDER BY 1, 3`,
    days: await prisma.$queryRaw`SELECT block_code, day::text, change FROM pairing_spell_day WHERE change <> 0 ORDER BY 1, 2`,
    months: await prisma.$queryRaw`
      SELECT block_code, month::text, change FROM pairing_spell_month WHERE change <> 0 ORDER BY 1, 2`,
    years: await prisma.$queryRaw`
      SELECT block_code, year::text, change FROM pairing_spell_year WHERE change <> 0 ORDER BY 1, 2`,
  };
}

export const DAY = 86_400_000;
/** A day of Asia/Shanghai (UTC+8, no daylight saving), `daysAgo` before today. */
const localDay = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY + 8 * 3_600_000).toISOString().slice(0, 10);
// Today, across the month's start, within a spell of an earlier year, and far enough back for spells
// that began and ended before.
const AS_OF_DAYS_AGO = [0, 1, 15, 31, 45, 120, 380, 400];

/** Paired households in need at the end of each day, per place: as pairingCoverage(asOf) reads them, and recounted. */
export async function pairedAsOf(prisma: Prisma, places: string[]) {
  const loaders = pairingLoaders(prisma);
  const asked: Record<string, number[]> = {};
  const recounted: Record<string, number[]> = {};
  for (const daysAgo of AS_OF_DAYS_AGO) {
    const day = localDay(daysAgo);
    const coverage = await loaders.pairingCoverageAsOf(day).loadMany(places);
    asked[day] = coverage.map((figures) => (figures instanceof Error ? -1 : figures.pairedHouseholds));
    const rows = await prisma.$queryRawUnsafe<{ paired: number }[]>(
      `SELECT (SELECT count(DISTINCT h.id)::int FROM household h JOIN pairing p ON p.household_id = h.id
         WHERE h.block_code LIKE place.code || '%' AND cardinality(h.needs) > 0
           AND (p.accepted_at AT TIME ZONE 'Asia/Shanghai')::date <= $2::date
           AND (p.ended_at IS NULL OR (p.ended_at AT TIME ZONE 'Asia/Shanghai')::date > $2::date)) AS paired
       FROM unnest($1::text[]) WITH ORDINALITY AS place(code, n) ORDER BY n`,
      places,
      day,
    );
    recounted[day] = rows.map((row) => row.paired);
  }
  return { asked, recounted };
}
