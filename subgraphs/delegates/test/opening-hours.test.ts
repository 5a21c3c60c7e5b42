import { describe, expect, it } from "vitest";
import { clockTime, nextOpening } from "../src/opening-hours";

// Thursday 2026-11-26 and the days around it, in China Standard Time (UTC+8).
const cst = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);
const TUESDAY_EVENING = { weekday: 2, opensMinute: 19 * 60, closesMinute: 21 * 60 };
const SATURDAY_MORNING = { weekday: 6, opensMinute: 9 * 60, closesMinute: 11 * 60 + 30 };

describe("nextOpening", () => {
  it("finds the next slot later in the week, or next week's once this week's are over", () => {
    const slots = [TUESDAY_EVENING, SATURDAY_MORNING];
    expect(nextOpening(slots, cst("2026-11-26", "10:00"))).toEqual({
      startsAt: cst("2026-11-28", "09:00"),
      endsAt: cst("2026-11-28", "11:30"),
    });
    expect(nextOpening(slots, cst("2026-11-28", "12:00"))?.startsAt).toEqual(cst("2026-12-01", "19:00"));
  });

  it("answers the slot under way, and a slot of the same weekday a week on once today's is over", () => {
    expect(nextOpening([TUESDAY_EVENING], cst("2026-11-24", "20:15"))?.startsAt).toEqual(cst("2026-11-24", "19:00"));
    expect(nextOpening([TUESDAY_EVENING], cst("2026-11-24", "21:00"))?.startsAt).toEqual(cst("2026-12-01", "19:00"));
  });

  it("uses the local day near midnight UTC, and null without slots", () => {
    // 23:30 UTC on Monday is 07:30 on Tuesday in China.
    expect(nextOpening([TUESDAY_EVENING], new Date("2026-11-23T23:30:00Z"))?.startsAt).toEqual(cst("2026-11-24", "19:00"));
    expect(nextOpening([], new Date())).toBeNull();
    expect(clockTime(19 * 60 + 5)).toBe("19:05");
  });
});
