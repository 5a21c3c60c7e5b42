import { HolidayUtil } from "lunar-typescript";
import { describe, expect, it } from "vitest";
import { isWeekend } from "./date";
import { statutoryHolidays } from "./holidays";
import { provisionalYear } from "./provisional";

describe("provisional year", () => {
  it("rests on 1 January 2027, a Friday, and makes up the weekend holidays on weekdays", () => {
    expect(provisionalYear(2027).map((d) => `${d.day} ${d.name}`)).toEqual([
      "2027-01-01 New Year",
      "2027-02-05 Spring Festival",
      "2027-02-08 Spring Festival",
      "2027-02-09 Spring Festival (substitute day)", // for 初一, Saturday 6 February
      "2027-02-10 Spring Festival (substitute day)", // for 初二, Sunday 7 February
      "2027-04-05 Qingming",
      "2027-05-03 Labour Day (substitute day)",
      "2027-05-04 Labour Day (substitute day)",
      "2027-06-09 Dragon Boat Festival",
      "2027-09-15 Mid-Autumn Festival",
      "2027-10-01 National Day",
      "2027-10-04 National Day (substitute day)",
      "2027-10-05 National Day (substitute day)",
    ]);
    expect(provisionalYear(2027).every((d) => !d.working)).toBe(true);
  });

  it("gives one weekday off per statutory holiday, and lists only days that differ from Monday–Friday", () => {
    for (let year = 2025; year <= 2100; year++) {
      const days = provisionalYear(year);
      expect(days, `${year}`).toHaveLength(statutoryHolidays(year).length);
      expect(days.some((d) => isWeekend(d.day) || d.working)).toBe(false);
      expect(days.map((d) => d.day)).toEqual([...new Set(days.map((d) => d.day))].sort());
    }
  });

  it("makes up Mid-Autumn when it falls on National Day", () => {
    expect(
      provisionalYear(2031)
        .filter((d) => d.day >= "2031-10-01")
        .map((d) => `${d.day} ${d.name}`),
    ).toEqual([
      "2031-10-01 National Day",
      "2031-10-02 National Day",
      "2031-10-03 National Day",
      "2031-10-06 Mid-Autumn Festival (substitute day)",
    ]);
  });

  it("never rests on a day the published arrangements had as working (as lunar-typescript records them)", () => {
    // The notices sometimes move the make-up day elsewhere (2012, 2015) but never work on a statutory holiday.
    for (let year = 2008; year <= 2026; year++) {
      const published = new Map(HolidayUtil.getHolidays(year).map((h) => [h.getDay(), h.isWork()]));
      for (const { day } of statutoryHolidays(year)) {
        const working = published.get(day) ?? !isWeekend(day);
        expect(working, day).toBe(false);
      }
      const moved = provisionalYear(year).filter((d) => published.get(d.day) !== false);
      expect(moved.map((d) => d.day)).toEqual({ 2012: ["2012-06-25"], 2015: ["2015-09-28"] }[year as 2012 | 2015] ?? []);
    }
  });
});
