// The State Council's yearly arrangement (国务院办公厅关于某年部分节假日安排的通知) as data, and its strict parser.
// A notice moves days around (bridge days off, weekend days worked) in ways no rule derives, so it is data.
import { readdirSync, readFileSync } from "node:fs";
import { z } from "zod";
import { isIsoDate, isWeekend, toDayNumber } from "./date";
import { FIRST_YEAR, LAST_YEAR, statutoryHolidays } from "./holidays";
import type { CalendarDay } from "./provisional";

export interface OfficialArrangement {
  year: number;
  source: string;
  days: CalendarDay[];
}

/** Thrown by parseOfficialArrangement; `issues` has one line per problem, each naming the entry. */
export class ArrangementError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid official arrangement:\n  ${issues.join("\n  ")}`);
    this.name = "ArrangementError";
  }
}

const dayRow = z.strictObject({
  day: z.string().refine(isIsoDate, { error: "not a calendar date (YYYY-MM-DD)" }),
  working: z.boolean(),
  name: z.string().trim().min(1, { error: "name is empty" }),
});

const arrangement = z.strictObject({
  year: z.int().min(FIRST_YEAR).max(LAST_YEAR),
  source: z.string().trim().min(1, { error: "source is empty: name the notice" }),
  days: z.array(dayRow).min(1, { error: "days is empty" }),
});

/** What is wrong across entries of a well-formed arrangement, one line per problem. */
function problems({ year, days }: OfficialArrangement): string[] {
  const found: string[] = [];
  const problem = (i: number, message: string) => found.push(`days[${i}] ${days[i]!.day}: ${message}`);
  // A New Year break can start in the last days of the year before (the 2019 notice: 2018-12-29 worked,
  // 2018-12-31 off), and only the later notice says so; anything else outside the year is a typo.
  const first = toDayNumber(`${year - 1}-12-25`);
  const last = toDayNumber(`${year}-12-31`);
  const seen = new Map<string, number>();
  days.forEach(({ day, working }, i) => {
    const n = toDayNumber(day);
    if (n < first || n > last) problem(i, `not in ${year} (nor in the New Year break from 25 December ${year - 1})`);
    const previous = seen.get(day);
    if (previous !== undefined) problem(i, `duplicate of days[${previous}]`);
    else if (i > 0 && day < days[i - 1]!.day) problem(i, `out of order: comes after ${days[i - 1]!.day}`);
    if (previous === undefined) seen.set(day, i);
    // Weekdays work anyway, so a weekday marked working is a mistake (a swapped date or a wrong flag).
    if (working && !isWeekend(day)) problem(i, "marked working but is a weekday: only weekend days are worked in exchange");
  });
  // The law's own holidays are never worked, and one on a weekday must be listed as a rest day.
  const holidays = statutoryHolidays(year);
  for (const { day, name } of holidays) {
    const i = seen.get(day);
    if (i !== undefined && days[i]!.working) problem(i, `marked working but is the statutory holiday ${name}`);
    if (i === undefined && !isWeekend(day)) found.push(`days: statutory holiday ${day} (${name}) is missing`);
  }
  // Every holiday earns one weekday off (made up if it falls on a weekend), and bridge days are paid back
  // with weekend working days, so weekday rest minus weekend work can never be below the holidays' count.
  const restWeekdays = days.filter((d) => !isWeekend(d.day) && !d.working).length;
  const net = restWeekdays - days.filter((d) => isWeekend(d.day) && d.working).length;
  if (net < holidays.length) {
    found.push(
      `days: ${net} weekday rest days net of weekend working days, but the law gives ${holidays.length}: ` +
        "a rest day is missing or a working day is extra",
    );
  }
  return found;
}

function describe(issue: z.core.$ZodIssue, input: unknown): string {
  const [head, index, ...rest] = issue.path;
  if (head !== "days" || typeof index !== "number") return `${issue.path.join(".") || "(root)"}: ${issue.message}`;
  const day = (input as { days?: { day?: unknown }[] }).days?.[index]?.day;
  const label = `days[${index}]${typeof day === "string" ? ` ${day}` : ""}${rest.map((key) => `.${String(key)}`).join("")}`;
  return `${label}: ${issue.message}`;
}

/**
 * Validates a parsed JSON value as an official arrangement; throws ArrangementError listing every problem.
 * The shape is checked first; the rules across entries only once every entry is well formed.
 */
export function parseOfficialArrangement(json: unknown): OfficialArrangement {
  const result = arrangement.safeParse(json);
  if (!result.success) throw new ArrangementError(result.error.issues.map((issue) => describe(issue, json)));
  const found = problems(result.data);
  if (found.length > 0) throw new ArrangementError(found);
  return result.data;
}

// Data files ship in ../data as <year>.json; they are read and checked once, on first use.
const dataDir = new URL("../data/", import.meta.url);
let shipped: Map<number, OfficialArrangement> | undefined;

function loadShipped(): Map<number, OfficialArrangement> {
  if (shipped) return shipped;
  const years = new Map<number, OfficialArrangement>();
  for (const file of readdirSync(dataDir)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    const official = parseOfficialArrangement(JSON.parse(readFileSync(new URL(file, dataDir), "utf8")));
    if (file !== `${official.year}.json`) throw new Error(`data/${file} holds the year ${official.year}`);
    years.set(official.year, official);
  }
  shipped = years;
  return years;
}

/** Years whose official arrangement is bundled in data/, ascending. */
export function officialYearsShipped(): number[] {
  return [...loadShipped().keys()];
}

/** The bundled official arrangement of `year`, if there is one. */
export function shippedArrangement(year: number): OfficialArrangement | undefined {
  return loadShipped().get(year);
}
