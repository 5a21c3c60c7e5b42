// A year's calendar (official when published, provisional until then) and working-day arithmetic over it.
import { addDays, type DateInput, isWeekend, toDayNumber, toShanghaiDate, yearOf } from "./date";
import { assertSupportedYear, LAST_YEAR } from "./holidays";
import { type OfficialArrangement, shippedArrangement } from "./official";
import { type CalendarDay, provisionalYear } from "./provisional";

export interface CalendarYear {
  year: number;
  /** True while the State Council has not published the year: rows come from the law alone. */
  provisional: boolean;
  /** The notice the rows come from; null when provisional. */
  source: string | null;
  days: CalendarDay[];
}

export function calendarYear(year: number, official?: OfficialArrangement): CalendarYear {
  assertSupportedYear(year);
  if (!official) return { year, provisional: true, source: null, days: provisionalYear(year) };
  if (official.year !== year) throw new RangeError(`asked for ${year} but the arrangement is for ${official.year}`);
  return { year, provisional: false, source: official.source, days: official.days };
}

/** Where the helpers find a year's calendar: from bundled data, a database, or a test's fixture. */
export type YearsLookup = (year: number) => CalendarYear;

/** A memoised lookup that uses the given official arrangements and falls back to provisional years. */
export function yearsLookup(officials: readonly OfficialArrangement[]): YearsLookup {
  const byYear = new Map<number, OfficialArrangement>();
  for (const official of officials) {
    if (byYear.has(official.year)) throw new Error(`two official arrangements for ${official.year}`);
    byYear.set(official.year, official);
  }
  return memoised((year) => calendarYear(year, byYear.get(year)));
}

/** The bundled official arrangements (data/*.json), else provisional years. */
export const shippedYears: YearsLookup = memoised((year) => calendarYear(year, shippedArrangement(year)));

// Computing a provisional year asks the lunar library a few times; deadlines ask for the same years all day.
function memoised(compute: YearsLookup): YearsLookup {
  const cache = new Map<number, CalendarYear>();
  return (year) => {
    const known = cache.get(year);
    if (known) return known;
    const computed = compute(year);
    cache.set(year, computed);
    return computed;
  };
}

const indexes = new WeakMap<CalendarYear, Map<string, boolean>>();
function rowsOf(calendar: CalendarYear): Map<string, boolean> {
  const known = indexes.get(calendar);
  if (known) return known;
  const index = new Map(calendar.days.map((d) => [d.day, d.working]));
  indexes.set(calendar, index);
  return index;
}

/** Whether a Shanghai date is a working day. Strings are Shanghai dates; a Date is read on the Shanghai clock. */
export function isWorkingDay(date: DateInput, years: YearsLookup): boolean {
  const day = toShanghaiDate(date);
  const year = yearOf(day);
  // Late December can be part of next year's New Year break, and that later notice has the last word.
  if (day >= `${year}-12-25` && year < LAST_YEAR) {
    const next = rowsOf(years(year + 1)).get(day);
    if (next !== undefined) return next;
  }
  return rowsOf(years(year)).get(day) ?? !isWeekend(day);
}

/** The date `n` working days after `date` (n = 0 gives the date itself), like the SQL add_working_days. */
export function addWorkingDays(date: DateInput, n: number, years: YearsLookup): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
  let day = toShanghaiDate(date);
  for (let left = n; left > 0; ) {
    day = addDays(day, 1);
    if (isWorkingDay(day, years)) left--;
  }
  return day;
}

/** Working days after `from` up to and including `to`; 0 when `to` is not after `from` (as working_days_between). */
export function workingDaysBetween(from: DateInput, to: DateInput, years: YearsLookup): number {
  const start = toShanghaiDate(from);
  const end = toDayNumber(toShanghaiDate(to));
  let count = 0;
  for (let day = addDays(start, 1); toDayNumber(day) <= end; day = addDays(day, 1)) {
    if (isWorkingDay(day, years)) count++;
  }
  return count;
}
