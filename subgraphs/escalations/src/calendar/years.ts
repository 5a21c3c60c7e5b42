// The working-day calendar the SQL functions read (calendar_day), one year at a time (calendar_year):
// official when the State Council's notice is shipped with @grassroots/calendar or imported, else
// provisional (the law's holidays alone). Ensured for last year to two years ahead, at start-up,
// before deadlines are computed and in the sweeper's loop, so a long-running server rolls into a
// new year by itself. An official year is never replaced by a provisional one.
import {
  ArrangementError,
  type CalendarYear,
  calendarYear,
  FIRST_YEAR,
  LAST_YEAR,
  type OfficialArrangement,
  parseOfficialArrangement,
  shippedArrangement,
} from "@grassroots/calendar";
import { badUserInput } from "@grassroots/platform";
import type { Prisma } from "../generated/prisma/client";
import type { EscalationsPrisma } from "../prisma";
import { localDate } from "./deadlines";

export interface CalendarYearRow {
  year: number;
  provisional: boolean;
  source: string | null;
  importedAt: Date | null;
  days: number;
}

const yearOf = (at: Date) => Number(localDate(at).slice(0, 4));

/** The years deadlines from `now` can reach (the department tier's 30 working days cross New Year), and last year. */
export function yearsNeeded(now: Date): number[] {
  const year = yearOf(now);
  return [year - 1, year, year + 1, year + 2].filter((y) => y >= FIRST_YEAR && y <= LAST_YEAR);
}

// Per database client: the year whose neighbours were already ensured, so deadlines cost no extra query.
const ensuredFor = new WeakMap<object, number>();

/**
 * Writes the years `now` needs that are missing, and replaces a provisional year by its official
 * arrangement once one is shipped. Returns the years written.
 */
export async function ensureCalendarYears(prisma: EscalationsPrisma, now: Date): Promise<number[]> {
  const year = yearOf(now);
  if (ensuredFor.get(prisma) === year) return [];
  const wanted = yearsNeeded(now);
  const known = await prisma.$queryRaw<{ year: number; provisional: boolean }[]>`
    SELECT year, provisional FROM calendar_year WHERE year = ANY(${wanted}::int[])`;
  const written: number[] = [];
  for (const y of wanted) {
    const row = known.find((k) => k.year === y);
    const shipped = shippedArrangement(y);
    if (row && (!row.provisional || !shipped)) continue;
    if (await writeYear(prisma, calendarYear(y, shipped), null, "unless-official")) written.push(y);
  }
  ensuredFor.set(prisma, year);
  return written;
}

/** Imports an official arrangement (a parsed JSON file), replacing whatever the year held. */
export async function importArrangement(prisma: EscalationsPrisma, json: unknown): Promise<CalendarYearRow> {
  let official: OfficialArrangement;
  try {
    official = parseOfficialArrangement(json);
  } catch (error) {
    if (error instanceof ArrangementError) {
      throw badUserInput(`This is not an official arrangement: ${error.issues.join("; ")}.`, { field: "arrangement" });
    }
    throw error;
  }
  const importedAt = new Date();
  await writeYear(prisma, calendarYear(official.year, official), importedAt, "always");
  return { year: official.year, provisional: false, source: official.source, importedAt, days: official.days.length };
}

/** Every year the table holds, oldest first. */
export async function calendarYears(prisma: EscalationsPrisma): Promise<CalendarYearRow[]> {
  return prisma.$queryRaw<CalendarYearRow[]>`
    SELECT y.year, y.provisional, y.source, y.imported_at AS "importedAt",
           (SELECT count(*)::int FROM calendar_day d WHERE d.year = y.year) AS days
    FROM calendar_year y ORDER BY y.year`;
}

/** A warning from November on, when deadlines soon reach a next year that has no official calendar. */
export async function calendarHealth(prisma: EscalationsPrisma, now: Date): Promise<{ calendar: string }> {
  const today = localDate(now);
  const next = Number(today.slice(0, 4)) + 1;
  if (today.slice(5, 7) < "11") return { calendar: "ok" };
  const [row] = await prisma.$queryRaw<{ provisional: boolean }[]>`SELECT provisional FROM calendar_year WHERE year = ${next}`;
  if (row && !row.provisional) return { calendar: "ok" };
  return {
    calendar:
      `warning: no official working-day calendar for ${next}; deadlines reaching into ${next} are provisional. ` +
      `Import the State Council's notice: npm run calendar -- import <file>`,
  };
}

async function writeYear(
  prisma: EscalationsPrisma,
  calendar: CalendarYear,
  importedAt: Date | null,
  mode: "always" | "unless-official",
): Promise<boolean> {
  return prisma.$transaction(async (tx: Prisma.TransactionClient) => {
    // The row lock on calendar_year serialises writers of one year; "unless-official" never
    // replaces an official year (shipped or imported) with a provisional one.
    const claimed = await tx.$queryRaw<{ year: number }[]>`
      INSERT INTO calendar_year (year, provisional, source, imported_at)
      VALUES (${calendar.year}, ${calendar.provisional}, ${calendar.source}, ${importedAt}::timestamptz)
      ON CONFLICT (year) DO UPDATE
        SET provisional = EXCLUDED.provisional, source = EXCLUDED.source, imported_at = EXCLUDED.imported_at
        WHERE ${mode === "always"} OR (calendar_year.provisional AND NOT EXCLUDED.provisional)
      RETURNING year`;
    if (claimed.length === 0) return false;
    await tx.$executeRaw`DELETE FROM calendar_day WHERE year = ${calendar.year}`;
    await tx.$executeRaw`
      INSERT INTO calendar_day (year, day, working, name)
      SELECT ${calendar.year}, day::date, working, name
      FROM unnest(${calendar.days.map((d) => d.day)}::text[], ${calendar.days.map((d) => d.working)}::boolean[],
                  ${calendar.days.map((d) => d.name)}::text[]) AS t(day, working, name)`;
    return true;
  });
}
