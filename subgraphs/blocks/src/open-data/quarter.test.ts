import { describe, expect, it } from "vitest";
import { lastSettledQuarter, parseQuarter, settledOn } from "./quarter";

const at = (iso: string) => new Date(iso);

describe("open-data quarters", () => {
  it("publishes a quarter once no visit can still be logged in it: 31 days after it ends (Asia/Shanghai)", () => {
    const q3 = { label: "2026-Q3", from: "2026-07-01", to: "2026-10-01", lastDay: "2026-09-30" };
    expect(settledOn(q3)).toBe("2026-11-01");
    // 2026-10-31 23:59 in Shanghai: Q3 not yet; a minute later it is.
    expect(lastSettledQuarter(at("2026-10-31T15:59:00Z")).label).toBe("2026-Q2");
    expect(lastSettledQuarter(at("2026-10-31T16:00:00Z")).label).toBe("2026-Q3");
    expect(lastSettledQuarter(at("2027-01-15T00:00:00Z")).label).toBe("2026-Q3");
    expect(lastSettledQuarter(at("2027-02-15T00:00:00Z")).label).toBe("2026-Q4");
  });

  it("reads YYYY-Qn, in either case, and explains every refusal", () => {
    const now = at("2026-11-29T00:00:00Z");
    expect(parseQuarter("2026-q2", now)).toEqual({
      quarter: { label: "2026-Q2", from: "2026-04-01", to: "2026-07-01", lastDay: "2026-06-30" },
    });
    expect(parseQuarter("2026-Q4", now)).toEqual({
      problem:
        "2026-Q4 is published from 2027-02-01, once no visit can still be logged in it; the latest published quarter is 2026-Q3.",
    });
    expect(parseQuarter("Q3 2026", now)).toEqual({ problem: '"Q3 2026" is not a quarter: write it as YYYY-Qn, e.g. 2026-Q3.' });
    expect(parseQuarter("x".repeat(5000), now)).toEqual({
      problem: `"${"x".repeat(20)}…" is not a quarter: write it as YYYY-Qn, e.g. 2026-Q3.`,
    });
    expect(parseQuarter("1999-Q4", now)).toEqual({ problem: "Open data starts with 2000-Q1." });
  });
});
