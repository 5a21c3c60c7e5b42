import { describe, expect, it } from "vitest";
import { addDays, isIsoDate, isoWeekday, isWeekend, shanghaiDate, toDayNumber, toShanghaiDate } from "./date";

describe("calendar dates", () => {
  it("accepts only real YYYY-MM-DD days", () => {
    expect(isIsoDate("2026-02-28")).toBe(true);
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("2026-02-30")).toBe(false);
    expect(isIsoDate("2026-13-01")).toBe(false);
    expect(isIsoDate("2026-1-01")).toBe(false);
    expect(isIsoDate("2026-01-01T00:00:00Z")).toBe(false);
    expect(() => toDayNumber("2026-02-30")).toThrow(/not a calendar date/);
  });

  it("knows the weekday and steps across months and years", () => {
    expect(isoWeekday("2026-12-31")).toBe(4); // Thursday
    expect(isoWeekday("2027-01-01")).toBe(5); // Friday
    expect(isoWeekday("2026-01-04")).toBe(7); // Sunday
    expect(isWeekend("2026-02-14")).toBe(true);
    expect(isWeekend("2026-02-16")).toBe(false);
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
  });

  it("reads an instant on the Shanghai clock (UTC+8)", () => {
    expect(shanghaiDate(new Date("2026-12-31T15:59:59Z"))).toBe("2026-12-31");
    expect(shanghaiDate(new Date("2026-12-31T16:00:00Z"))).toBe("2027-01-01");
    expect(toShanghaiDate("2027-01-01")).toBe("2027-01-01");
    expect(() => shanghaiDate(new Date("nonsense"))).toThrow(RangeError);
  });
});
