// The periods open data is published for: whole calendar quarters (Asia/Shanghai) that have ended.
// One kind of period only, never overlapping and never still moving: two tables that overlapped (a
// year and its quarters, a quarter read today and again next week) would give small counts away
// by subtraction, whatever each table suppresses on its own.

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

/** The quarter that ended last before `now` (its last day is over in Asia/Shanghai). */
export function lastEndedQuarter(now: Date): Quarter {
  const local = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  const index = Math.floor(local.getUTCMonth() / 3) - 1;
  return index < 0 ? quarter(local.getUTCFullYear() - 1, 3) : quarter(local.getUTCFullYear(), index);
}

/** The quarter a label names, or why it cannot be published, in words a caller can act on. */
export function parseQuarter(label: string, now: Date): { quarter: Quarter } | { problem: string } {
  const latest = lastEndedQuarter(now);
  const match = QUARTER.exec(label);
  if (!match) return { problem: `"${label}" is not a quarter: write it as YYYY-Qn, e.g. ${latest.label}.` };
  const year = Number(match[1]);
  if (year < FIRST_YEAR) return { problem: `Open data starts with ${FIRST_YEAR}-Q1.` };
  const asked = quarter(year, Number(match[2]) - 1);
  if (asked.from > latest.from) {
    return { problem: `${asked.label} has not ended: open data covers quarters that have, the latest being ${latest.label}.` };
  }
  return { quarter: asked };
}
