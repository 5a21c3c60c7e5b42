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
