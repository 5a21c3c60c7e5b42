import { readFileSync } from "node:fs";
import { HolidayUtil } from "lunar-typescript";
import { describe, expect, it } from "vitest";
import { ArrangementError, officialYearsShipped, parseOfficialArrangement, shippedArrangement } from "./official";
import type { CalendarDay } from "./provisional";

const file2026 = JSON.parse(readFileSync(new URL("../data/2026.json", import.meta.url), "utf8"));

// The rows the escalations migration seeded into calendar_day, read from its SQL.
function migrationRows(): CalendarDay[] {
  const sql = readFileSync(
    new URL("../../../prisma/escalations/migrations/0002_case_workflow/migration.sql", import.meta.url),
    "utf8",
  );
  const insert = sql.slice(sql.indexOf("INSERT INTO calendar_day"));
  return [...insert.matchAll(/\('(\d{4}-\d{2}-\d{2})', (true|false), '([^']*)'\)/g)].map(([, day, working, name]) => ({
    day: day!,
    working: working === "true",
    name: name!,
  }));
}

/** The 2026 file with its rows changed by `edit`. */
function variant(edit: (days: CalendarDay[]) => CalendarDay[]): unknown {
  return { ...file2026, days: edit(structuredClone(file2026.days)) };
}

function issuesOf(json: unknown): string[] {
  try {
    parseOfficialArrangement(json);
  } catch (error) {
    expect(error).toBeInstanceOf(ArrangementError);
    return (error as ArrangementError).issues;
  }
  throw new Error("expected the arrangement to be rejected");
}

describe("official 2026 arrangement", () => {
  it("is shipped, parses and round-trips", () => {
    expect(officialYearsShipped()).toEqual([2026]);
    const parsed = parseOfficialArrangement(file2026);
    expect(parsed).toEqual(file2026);
    expect(parseOfficialArrangement(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
    expect(shippedArrangement(2026)).toEqual(parsed);
    expect(shippedArrangement(2027)).toBeUndefined();
  });

  it("equals the calendar_day table of the escalations migration", () => {
    expect(migrationRows()).toHaveLength(39);
    expect(file2026.days).toEqual(migrationRows());
  });

  it("says what the State Council's notice says", () => {
    const rest = (from: string, to: string) =>
      file2026.days.filter((d: CalendarDay) => !d.working && d.day >= from && d.day <= to);
    const worked = file2026.days.filter((d: CalendarDay) => d.working).map((d: CalendarDay) => d.day);
    expect(worked).toEqual(["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]);
    for (const [from, to, length] of [
      ["2026-01-01", "2026-01-03", 3],
      ["2026-02-15", "2026-02-23", 9],
      ["2026-04-04", "2026-04-06", 3],
      ["2026-05-01", "2026-05-05", 5],
      ["2026-06-19", "2026-06-21", 3],
      ["2026-09-25", "2026-09-27", 3],
      ["2026-10-01", "2026-10-07", 7],
    ] as const) {
      expect(rest(from, to), from).toHaveLength(length);
    }
    expect(file2026.days.filter((d: CalendarDay) => !d.working)).toHaveLength(33);
    // An independent record of the same notice: the one lunar-typescript keeps.
    const recorded = HolidayUtil.getHolidays(2026).map((h) => ({ day: h.getDay(), working: h.isWork() }));
    expect(file2026.days.map(({ day, working }: CalendarDay) => ({ day, working }))).toEqual(recorded);
  });
});

describe("parseOfficialArrangement", () => {
  it("accepts every published arrangement lunar-typescript records, 2008–2026, but 2012's weekday 'working' rows", () => {
    for (let year = 2008; year <= 2026; year++) {
      // The library files a New Year break that starts in December under the old year; a notice lists it in the new.
      const days = [...HolidayUtil.getHolidays(year - 1), ...HolidayUtil.getHolidays(year)]
        .filter((h) => h.getTarget().startsWith(`${year}-`))
        .map((h) => ({ day: h.getDay(), working: h.isWork(), name: h.getName() }))
        .sort((a, b) => a.day.localeCompare(b.day));
      const json = { year, source: `国务院办公厅关于${year}年部分节假日安排的通知`, days };
      if (year !== 2012) expect(parseOfficialArrangement(json).days, `${year}`).toEqual(days);
      else
        expect(issuesOf(json)).toEqual([
          expect.stringMatching(/^days\[22\] 2012-05-02: marked working but is a weekday/),
          expect.stringMatching(/^days\[35\] 2012-10-08: marked working/),
        ]);
    }
  });

  it("accepts a weekend rest day that is no holiday, and a New Year break from late December", () => {
    const extraSaturday = variant((days) => [...days, { day: "2026-12-26", working: false, name: "Extra" }]);
    expect(parseOfficialArrangement(extraSaturday).days.at(-1)?.day).toBe("2026-12-26");
    const fromDecember = variant((days) => [{ day: "2025-12-31", working: false, name: "New Year" }, ...days]);
    expect(parseOfficialArrangement(fromDecember).days[0]?.day).toBe("2025-12-31");
  });

  it("names the entry with a day outside the year", () => {
    const issues = issuesOf(
      variant((days) => [
        { day: "2025-12-20", working: false, name: "x" },
        ...days,
        { day: "2027-01-04", working: false, name: "x" },
      ]),
    );
    expect(issues).toEqual([
      "days[0] 2025-12-20: not in 2026 (nor in the New Year break from 25 December 2025)",
      "days[40] 2027-01-04: not in 2026 (nor in the New Year break from 25 December 2025)",
    ]);
  });

  it("names duplicate and out-of-order days", () => {
    expect(issuesOf(variant((days) => [...days.slice(0, 6), days[5]!, ...days.slice(6)]))).toEqual([
      "days[6] 2026-02-15: duplicate of days[5]",
    ]);
    expect(issuesOf(variant((days) => [days[1]!, days[0]!, ...days.slice(2)]))).toEqual([
      "days[1] 2026-01-01: out of order: comes after 2026-01-02",
    ]);
  });

  it("names an invalid date and a badly typed field", () => {
    expect(
      issuesOf(variant((days) => [...days.slice(0, 15), { day: "2026-02-30", working: true, name: "x" }, ...days.slice(15)])),
    ).toEqual(["days[15] 2026-02-30.day: not a calendar date (YYYY-MM-DD)"]);
    const wrongType = variant((days) => [{ ...days[0]!, working: "false" as unknown as boolean }, ...days.slice(1)]);
    expect(issuesOf(wrongType)).toEqual([expect.stringMatching(/^days\[0\] 2026-01-01\.working: .*expected boolean/)]);
    const extraKey = variant((days) => [{ ...days[0]!, note: "x" } as CalendarDay, ...days.slice(1)]);
    expect(issuesOf(extraKey)).toEqual([expect.stringMatching(/^days\[0\] 2026-01-01: .*"note"/)]);
    expect(issuesOf(variant((days) => [{ ...days[0]!, name: " " }, ...days.slice(1)]))).toEqual([
      "days[0] 2026-01-01.name: name is empty",
    ]);
  });

  it("rejects a weekday marked working, and a statutory holiday worked", () => {
    expect(
      issuesOf(variant((days) => [...days.slice(0, 4), { day: "2026-01-05", working: true, name: "x" }, ...days.slice(4)])),
    ).toEqual(["days[4] 2026-01-05: marked working but is a weekday: only weekend days are worked in exchange"]);
    // 5 April 2026 (清明) is a Sunday: working on it is allowed by the weekday rule but not by the law.
    const workedQingming = variant((days) => days.map((d) => (d.day === "2026-04-05" ? { ...d, working: true } : d)));
    expect(issuesOf(workedQingming)).toEqual([
      "days[16] 2026-04-05: marked working but is the statutory holiday Qingming",
      "days: 12 weekday rest days net of weekend working days, but the law gives 13: a rest day is missing or a working day is extra",
    ]);
  });

  it("rejects a missing statutory holiday, and too few rest days for the law", () => {
    expect(issuesOf(variant((days) => days.filter((d) => d.day !== "2026-02-16")))).toEqual([
      "days: statutory holiday 2026-02-16 (Spring Festival) is missing",
      "days: 12 weekday rest days net of weekend working days, but the law gives 13: a rest day is missing or a working day is extra",
    ]);
    // 7 October is a bridge day, not a holiday: dropping it leaves the National Day swap unpaid.
    expect(issuesOf(variant((days) => days.filter((d) => d.day !== "2026-10-07")))).toEqual([
      "days: 12 weekday rest days net of weekend working days, but the law gives 13: a rest day is missing or a working day is extra",
    ]);
  });

  it("rejects a wrong header and collects every problem at once", () => {
    const issues = issuesOf({ year: 2007, source: "", days: [], extra: 1 });
    expect(issues).toEqual([
      "year: Too small: expected number to be >=2008",
      "source: source is empty: name the notice",
      "days: days is empty",
      '(root): Unrecognized key: "extra"',
    ]);
    expect(() => parseOfficialArrangement("2026")).toThrow(/invalid official arrangement/);
  });
});
