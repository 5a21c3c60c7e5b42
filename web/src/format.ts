// Dates and numbers as people here read them: always in Asia/Shanghai, in the page's language.
import i18next from "i18next";

const TIME_ZONE = "Asia/Shanghai";
const locale = () => (i18next.language === "en" ? "en-GB" : "zh-CN");

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(locale(), { timeZone: TIME_ZONE, dateStyle: "medium", timeStyle: "short" }).format(
    new Date(iso),
  );
}

export function formatDate(isoOrDate: string | null | undefined): string {
  if (!isoOrDate) return "—";
  // A bare YYYY-MM-DD is a calendar day already in Asia/Shanghai: read it at noon there.
  const date = /^\d{4}-\d{2}-\d{2}$/.test(isoOrDate) ? new Date(`${isoOrDate}T12:00:00+08:00`) : new Date(isoOrDate);
  return new Intl.DateTimeFormat(locale(), { timeZone: TIME_ZONE, dateStyle: "medium" }).format(date);
}

/** Today's calendar day in Asia/Shanghai, YYYY-MM-DD. */
export function todayInShanghai(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : new Intl.NumberFormat(locale()).format(value);
}

export function formatPercent(rate: number | null | undefined): string {
  return rate === null || rate === undefined
    ? "—"
    : new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: 1 }).format(rate);
}

// China keeps no summer time: Asia/Shanghai is UTC+8 all year, so its wall clock is plain arithmetic.
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The calendar day (Asia/Shanghai, YYYY-MM-DD) an instant falls on, for a date input; "" for none. */
export function shanghaiDayOf(iso: string | undefined): string {
  return iso ? todayInShanghai(new Date(iso)) : "";
}

/** The start of a calendar day (YYYY-MM-DD) in Asia/Shanghai, as the ISO instant the API compares with. */
export function startOfShanghaiDay(day: string): string {
  return new Date(`${day}T00:00:00+08:00`).toISOString();
}

/** The instant a month (year, month index from 0, may overflow) starts in Asia/Shanghai. */
export function shanghaiMonthStart(year: number, monthIndex: number): string {
  return new Date(Date.UTC(year, monthIndex, 1) - SHANGHAI_OFFSET_MS).toISOString();
}

/** An instant as a datetime-local input's value ("2026-03-01T09:30") in Asia/Shanghai. */
export function shanghaiDateTimeInput(instant: string | number | Date = Date.now()): string {
  return new Date(new Date(instant).getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16);
}

/** A datetime-local value ("2026-03-01T09:30") read in Asia/Shanghai, as an instant; null when it is not one. */
export function instantOfShanghaiDateTime(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const date = new Date(`${value}:00+08:00`);
  return Number.isNaN(date.getTime()) ? null : date;
}
