import { describe, expect, it } from "vitest";
import { addWorkingDays, calendarYear, isWorkingDay, shippedYears, workingDaysBetween, yearsLookup } from "./calendar";
import { parseOfficialArrangement, shippedArrangement } from "./official";
import { provisionalYear } from "./provisional";

const official2026 = shippedArrangement(2026)!;

describe("calendarYear", () => {
  it("is official when given the arrangement, provisional otherwise", () => {
    expect(calendarYear(2026, official2026)).toEqual({
      year: 2026,
      provisional: false,
      source: "国务院办公厅关于2026年部分节假日安排的通知",
      days: official2026.days,
    });
    expect(calendarYear(2027)).toEqual({ year: 2027, provisional: true, source: null, days: provisionalYear(2027) });
    expect(shippedYears(2026).provisional).toBe(false);
    expect(shippedYears(2027).provisional).toBe(true);
    expect(() => calendarYear(2027, official2026)).toThrow(/arrangement is for 2026/);
    expect(() => calendarYear(2007)).toThrow(RangeError);
  });
});

describe("working days across New Year 2027", () => {
  it("does not count Friday 1 January 2027", () => {
    expect(isWorkingDay("2026-12-31", shippedYears)).toBe(true);
    expect(isWorkingDay("2027-01-01", shippedYears)).toBe(false);
    expect(isWorkingDay("2027-01-04", shippedYears)).toBe(true);
    expect(isWorkingDay("2027-01-11", shippedYears)).toBe(true);
    // Thursday 31 December + 5: Mon 4, Tue 5, Wed 6, Thu 7, Fri 8 January.
    expect(addWorkingDays("2026-12-31", 5, shippedYears)).toBe("2027-01-08");
    expect(workingDaysBetween("2026-12-31", "2027-01-08", shippedYears)).toBe(5);
  });

  it("reads a Date on the Shanghai clock", () => {
    const shanghaiMidnight = new Date("2026-12-31T16:00:00Z"); // 2027-01-01 00:00 in Shanghai
    expect(isWorkingDay(shanghaiMidnight, shippedYears)).toBe(false);
    expect(isWorkingDay(new Date("2026-12-31T15:59:59Z"), shippedYears)).toBe(true);
    expect(addWorkingDays(shanghaiMidnight, 1, shippedYears)).toBe("2027-01-04");
  });
});

describe("working days in official 2026", () => {
  it("follows the holidays and the weekend days worked", () => {
    expect(isWorkingDay("2026-01-02", shippedYears)).toBe(false); // Friday, bridge day
    expect(isWorkingDay("2026-01-04", shippedYears)).toBe(true); // Sunday, worked
    expect(isWorkingDay("2026-03-07", shippedYears)).toBe(false); // an ordinary Saturday
    expect(addWorkingDays("2026-09-30", 1, shippedYears)).toBe("2026-10-08");
    expect(addWorkingDays("2026-09-19", 1, shippedYears)).toBe("2026-09-20");
    expect(addWorkingDays("2026-02-13", 2, shippedYears)).toBe("2026-02-24");
  });

  it("has 248 working days in the year", () => {
    // 261 weekdays, 19 of them off, 6 weekend days worked.
    expect(workingDaysBetween("2025-12-31", "2026-12-31", shippedYears)).toBe(248);
  });

  it("counts like the SQL: after the start, up to and including the end, never negative", () => {
    expect(workingDaysBetween("2026-10-01", "2026-10-01", shippedYears)).toBe(0);
    expect(workingDaysBetween("2026-10-09", "2026-10-01", shippedYears)).toBe(0);
    expect(workingDaysBetween("2026-10-07", "2026-10-10", shippedYears)).toBe(3); // Thu 8, Fri 9, Sat 10 worked
    expect(addWorkingDays("2026-10-03", 0, shippedYears)).toBe("2026-10-03");
    expect(() => addWorkingDays("2026-10-03", -1, shippedYears)).toThrow(RangeError);
    expect(() => addWorkingDays("2026-10-03", 1.5, shippedYears)).toThrow(RangeError);
    expect(() => isWorkingDay("2026-02-30", shippedYears)).toThrow(/not a calendar date/);
  });

  it("agrees with addWorkingDays and workingDaysBetween over several years", () => {
    let day = "2025-12-31";
    for (let n = 1; n <= 800; n++) {
      day = addWorkingDays(day, 1, shippedYears);
      expect(isWorkingDay(day, shippedYears)).toBe(true);
    }
    expect(workingDaysBetween("2025-12-31", day, shippedYears)).toBe(800);
    expect(addWorkingDays("2025-12-31", 800, shippedYears)).toBe(day);
  });
});

describe("yearsLookup", () => {
  it("uses the arrangements it is given and falls back to provisional years", () => {
    const years = yearsLookup([official2026]);
    expect(years(2026)).toEqual(shippedYears(2026));
    expect(years(2027).provisional).toBe(true);
    expect(years(2027)).toBe(years(2027)); // memoised
    expect(() => yearsLookup([official2026, official2026])).toThrow(/two official arrangements for 2026/);
  });

  it("lets next year's notice decide late December, where a New Year break can start", () => {
    // A made-up 2027 notice in the 2019 pattern: Saturday 26 December worked, Thursday 31 December off.
    const official2027 = parseOfficialArrangement({
      year: 2027,
      source: "test",
      days: [
        { day: "2026-12-26", working: true, name: "New Year (worked Saturday)" },
        { day: "2026-12-31", working: false, name: "New Year" },
        ...provisionalYear(2027),
      ],
    });
    const years = yearsLookup([official2026, official2027]);
    expect(isWorkingDay("2026-12-26", years)).toBe(true);
    expect(isWorkingDay("2026-12-31", years)).toBe(false);
    expect(isWorkingDay("2026-12-30", years)).toBe(true);
    expect(addWorkingDays("2026-12-24", 3, years)).toBe("2026-12-28");
    expect(isWorkingDay("2026-12-31", shippedYears)).toBe(true);
  });
});
