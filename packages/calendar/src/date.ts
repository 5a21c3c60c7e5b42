// Calendar dates as "YYYY-MM-DD" strings: what a Shanghai wall calendar shows, with no time or zone attached.
// Arithmetic goes through a day number (days since 1970-01-01) so it never meets a daylight-saving hour.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
// China has kept UTC+8 all year since 1991, so a fixed offset is exact for every date this package serves.
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** True when `s` is "YYYY-MM-DD" and names a real day (2026-02-30 is not one). */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  return fromDayNumber(dayNumberOf(Number(m[1]), Number(m[2]), Number(m[3]))) === s;
}

function dayNumberOf(year: number, month: number, day: number): number {
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return Math.floor(d.getTime() / MS_PER_DAY);
}

/** Days since 1970-01-01; throws on anything that is not a real "YYYY-MM-DD" day. */
export function toDayNumber(s: string): number {
  if (!isIsoDate(s)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(s)}`);
  return dayNumberOf(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10)));
}

export function fromDayNumber(n: number): string {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(s: string, n: number): string {
  return fromDayNumber(toDayNumber(s) + n);
}

export function yearOf(s: string): number {
  toDayNumber(s);
  return Number(s.slice(0, 4));
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(s: string): number {
  // 1970-01-01 was a Thursday (4).
  return ((((toDayNumber(s) + 3) % 7) + 7) % 7) + 1;
}

export function isWeekend(s: string): boolean {
  return isoWeekday(s) >= 6;
}

/** The Asia/Shanghai calendar date of an instant. */
export function shanghaiDate(instant: Date): string {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError("invalid Date");
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** A date argument: a "YYYY-MM-DD" Shanghai date as is, or an instant read on the Shanghai clock. */
export type DateInput = string | Date;

export function toShanghaiDate(input: DateInput): string {
  if (input instanceof Date) return shanghaiDate(input);
  toDayNumber(input);
  return input;
}
