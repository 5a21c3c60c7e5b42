import { describe, expect, it } from "vitest";
import { calendarWarnings } from "./warnings";

const MISSING = "warning: no official working-day calendar for 2027";
const MINUTE = 60_000;

describe("the sweeper's calendar warnings", () => {
  it("logs a warning when it appears, then at most once an hour while it lasts", () => {
    const shouldLog = calendarWarnings(60 * MINUTE);
    const logged = Array.from({ length: 150 }, (_, minute) => minute).filter((minute) => shouldLog(MISSING, minute * MINUTE));
    expect(logged).toEqual([0, 60, 120]);
  });

  it("never logs ok, and logs again at once when the warning changes or comes back", () => {
    const shouldLog = calendarWarnings(60 * MINUTE);
    expect(shouldLog("ok", 0)).toBe(false);
    expect(shouldLog(MISSING, MINUTE)).toBe(true);
    expect(shouldLog(`${MISSING}; and 2028`, 2 * MINUTE)).toBe(true);
    expect(shouldLog("ok", 3 * MINUTE)).toBe(false);
    expect(shouldLog(MISSING, 4 * MINUTE)).toBe(true);
  });
});
