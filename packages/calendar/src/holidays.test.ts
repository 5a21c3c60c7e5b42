import { Lunar, LunarYear, Solar } from "lunar-typescript";
import { describe, expect, it } from "vitest";
import { FIRST_YEAR, LAST_YEAR, lunarNewYear, qingming, statutoryHolidays } from "./holidays";

const daysOf = (year: number, name: string) =>
  statutoryHolidays(year)
    .filter((h) => h.name === name)
    .map((h) => h.day);

describe("statutory holidays", () => {
  it("match dates known from the published calendars", () => {
    expect(lunarNewYear(2025)).toBe("2025-01-29");
    expect(lunarNewYear(2026)).toBe("2026-02-17");
    expect(lunarNewYear(2027)).toBe("2027-02-06");
    expect(daysOf(2027, "Spring Festival")).toEqual(["2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08"]);
    expect(qingming(2025)).toBe("2025-04-04");
    expect(qingming(2026)).toBe("2026-04-05");
    expect(qingming(2028)).toBe("2028-04-04");
    expect(daysOf(2026, "Dragon Boat Festival")).toEqual(["2026-06-19"]);
    expect(daysOf(2026, "Mid-Autumn Festival")).toEqual(["2026-09-25"]);
  });

  it("give 2026 the thirteen days of the 2025 revision", () => {
    expect(statutoryHolidays(2026).map((h) => `${h.day} ${h.name}`)).toEqual([
      "2026-01-01 New Year",
      "2026-02-16 Spring Festival",
      "2026-02-17 Spring Festival",
      "2026-02-18 Spring Festival",
      "2026-02-19 Spring Festival",
      "2026-04-05 Qingming",
      "2026-05-01 Labour Day",
      "2026-05-02 Labour Day",
      "2026-06-19 Dragon Boat Festival",
      "2026-09-25 Mid-Autumn Festival",
      "2026-10-01 National Day",
      "2026-10-02 National Day",
      "2026-10-03 National Day",
    ]);
  });

  it("have 13 days a year from 2025, on distinct days but where Mid-Autumn falls in National Day", () => {
    // Mid-Autumn lands on 1–3 October now and then; both festivals still owe a day off (see provisionalYear).
    const coincidences = new Map([
      [2028, "2028-10-03"],
      [2031, "2031-10-01"],
    ]);
    for (let year = 2025; year <= 2035; year++) {
      const holidays = statutoryHolidays(year);
      expect(holidays, `${year}`).toHaveLength(13);
      expect(holidays.every((h) => h.day.startsWith(`${year}-`))).toBe(true);
      const repeated = holidays.filter((h, i) => holidays.findIndex((o) => o.day === h.day) !== i);
      expect(repeated, `${year}`).toEqual(
        coincidences.has(year) ? [{ day: coincidences.get(year), name: expect.stringMatching(/Mid-Autumn|National/) }] : [],
      );
    }
    expect(daysOf(2031, "Mid-Autumn Festival")).toEqual(["2031-10-01"]);
  });

  it("put the lunar festivals on the lunar dates the library gives, 2025 to the last supported year", () => {
    const lastDayOfLastMonth = new Set<number>();
    for (let year = 2025; year <= LAST_YEAR; year++) {
      const [eve, first, second, third] = daysOf(year, "Spring Festival").map((d) => Solar.fromYmd(...ymd(d)).getLunar());
      expect(first!.getSolar().toYmd()).toBe(Lunar.fromYmd(year, 1, 1).getSolar().toYmd());
      expect([first, second, third].map((l) => `${l!.getMonth()}/${l!.getDay()}`)).toEqual(["1/1", "1/2", "1/3"]);
      // 除夕 is the last day of 腊月 (the 12th month, or a leap 12th), whether it has 29 or 30 days.
      const lastMonth = LunarYear.fromYear(year - 1).getMonth(eve!.getMonth())!;
      expect(Math.abs(eve!.getMonth())).toBe(12);
      expect(eve!.getDay()).toBe(lastMonth.getDayCount());
      lastDayOfLastMonth.add(eve!.getDay());

      const dragonBoat = Solar.fromYmd(...ymd(daysOf(year, "Dragon Boat Festival")[0]!)).getLunar();
      const midAutumn = Solar.fromYmd(...ymd(daysOf(year, "Mid-Autumn Festival")[0]!)).getLunar();
      expect([dragonBoat.getMonth(), dragonBoat.getDay(), midAutumn.getMonth(), midAutumn.getDay()]).toEqual([5, 5, 8, 15]);
      expect(
        Solar.fromYmd(...ymd(qingming(year)))
          .getLunar()
          .getJieQi(),
      ).toBe("清明");
    }
    expect([...lastDayOfLastMonth].sort()).toEqual([29, 30]);
  });

  it("follow the earlier revisions before 2025", () => {
    // 2014–2024: 正月初一 to 初三, Labour Day 1 May only.
    expect(daysOf(2024, "Spring Festival")).toEqual(["2024-02-10", "2024-02-11", "2024-02-12"]);
    expect(daysOf(2024, "Labour Day")).toEqual(["2024-05-01"]);
    expect(statutoryHolidays(2024)).toHaveLength(11);
    // 2008–2013: 除夕, 初一 and 初二.
    expect(daysOf(2013, "Spring Festival")).toEqual(["2013-02-09", "2013-02-10", "2013-02-11"]);
  });

  it("refuse years outside the supported range", () => {
    expect(() => statutoryHolidays(FIRST_YEAR - 1)).toThrow(RangeError);
    expect(() => statutoryHolidays(LAST_YEAR + 1)).toThrow(RangeError);
    expect(() => statutoryHolidays(2026.5)).toThrow(RangeError);
  });
});

function ymd(day: string): [number, number, number] {
  return [Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10))];
}
