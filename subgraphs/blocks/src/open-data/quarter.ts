// The periods open data is published for: whole calendar quarters (Asia/Shanghai) that have settled,
// i.e. ended more than MAX_VISIT_AGE_DAYS ago, so that no visit can still be logged in them. One kind
// of period only, never overlapping and never still moving: two tables that overlapped (a year and
// its quarters, a quarter read today and again next week) would give small counts away by
// subtraction, whatever each table suppresses on its own.
import { MAX_VISIT_AGE_DAYS } from "@grassroots/vocabulary";

const SHANGHAI_OFFSET_MS = 8 * 3600_000; // UTC+8, no daylight saving since 1991
const QUARTER = /^(\d{4})-Q([1-4])$/;
export const FIRST_YEAR = 2000;

export interface Quarter {
  /** e.g. 2026-Q3 */
  label: string;
  /** Its first day, YYYY-MM-DD. */
  from: string;
  /** The first day after it, YYYY-MM-DD. */
  to: string;
  /** Its last day, YYYY-MM-DD. */
  lastDay: string;
}

const day = (year: number, monthIndex: number, date = 1) => new Date(Date.UTC(year, monthIndex, date)).toISOString().slice(0, 10);

function quarter(year: number, index: number): Quarter {
  return {
    label: `${year}-Q${index + 1}`,
    from: day(year, index * 3),
    to: day(year, index * 3 + 3),
    lastDay: day(year, index * 3 + 3, 0),
  };
}

/** The first day (YYYY-MM-DD, Asia/Shanghai) on which a quarter may be published. */
export function settledOn(asked: Quarter): string {
  const end = new Date(`${asked.to}T00:00:00Z`);
  return new Date(end.getTime() + (MAX_VISIT_AGE_DAYS + 1) * 86_400_000).toISOString().slice(0, 10);
}

/** The latest quarter that has settled by `now`. */
export function lastSettledQuarter(now: Date): Quarter {
  const local = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  const today = local.toISOString().slice(0, 10);
  let year = local.getUTCFullYear();
  let index = Math.floor(local.getUTCMonth() / 3);
  for (;;) {
    index -= 1;
    if (index < 0) [year, index] = [year - 1, 3];
    const candidate = quarter(year, index);
    if (settledOn(candidate) <= today) return candidate;
  }
}

/** The quarter a label names, or why it cannot be published, in words a caller can act on. */
export function parseQuarter(label: string, now: Date): { quarter: Quarter } | { problem: string } {
  const latest = lastSettledQuarter(now);
  const match = QUARTER.exec(label.toUpperCase());
  if (!match) {
    const shown = label.length > 20 ? `${label.slice(0, 20)}…` : label;
    return { problem: `"${shown}" is not a quarter: write it as YYYY-Qn, e.g. ${latest.label}.` };
  }
  const year = Number(match[1]);
  if (year < FIRST_YEAR) return { problem: `Open data starts with ${FIRST_YEAR}-Q1.` };
  const asked = quarter(year, Number(match[2]) - 1);
  if (asked.from > latest.from) {
    return {
      problem: `${asked.label} is published from ${settledOn(asked)}, once no visit can still be logged in it; the latest published quarter is ${latest.label}.`,
    };
  }
  return { quarter: asked };
}
