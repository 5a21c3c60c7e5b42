// The period the case figures count (cases raised in it) and the day coverage is read at, kept in
// the page's search params so a link keeps them. Periods are whole months in Asia/Shanghai: the API
// answers those from its monthly roll-ups alone (PeriodInput).
import { shanghaiMonthStart, todayInShanghai } from "../format";
import type { PeriodInput } from "../generated/graphql";

export const PERIOD_CHOICES = ["all", "last12", "thisYear", "lastYear", "months"] as const;
export type PeriodChoice = (typeof PERIOD_CHOICES)[number];

export interface Selection {
  period: PeriodChoice;
  /** First and last month counted (YYYY-MM), for a chosen range of months. */
  fromMonth?: string;
  toMonth?: string;
  /** The day coverage is read at (YYYY-MM-DD); absent: today. */
  asOf?: string;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function selectionOf(params: URLSearchParams): Selection {
  const period = params.get("period");
  const fromMonth = params.get("from") ?? undefined;
  const toMonth = params.get("to") ?? undefined;
  const asOf = params.get("asOf") ?? undefined;
  return {
    period: PERIOD_CHOICES.includes(period as PeriodChoice) ? (period as PeriodChoice) : "all",
    fromMonth: fromMonth && MONTH.test(fromMonth) ? fromMonth : undefined,
    toMonth: toMonth && MONTH.test(toMonth) ? toMonth : undefined,
    asOf: asOf && DAY.test(asOf) ? asOf : undefined,
  };
}

/** The search params of a selection (only what differs from the defaults). */
export function paramsOf(selection: Selection): URLSearchParams {
  const params = new URLSearchParams();
  if (selection.period !== "all") params.set("period", selection.period);
  if (selection.period === "months") {
    if (selection.fromMonth) params.set("from", selection.fromMonth);
    if (selection.toMonth) params.set("to", selection.toMonth);
  }
  if (selection.asOf) params.set("asOf", selection.asOf);
  return params;
}

/** The instant a month (year, month index from 0, may overflow) starts in Asia/Shanghai (UTC+8, no summer time). */
export const monthStart = shanghaiMonthStart;

/** This month in Asia/Shanghai as [year, month index from 0]. */
export function currentMonth(now = new Date()): [number, number] {
  const [year, month] = todayInShanghai(now).split("-").map(Number) as [number, number];
  return [year, month - 1];
}

const parseMonth = (month: string) => month.split("-").map(Number) as [number, number];

/** The API's period for a selection: undefined for all time; ends open where the choice has none. */
export function periodInput(selection: Selection, now = new Date()): PeriodInput | undefined {
  const [year, month] = currentMonth(now);
  switch (selection.period) {
    case "all":
      return undefined;
    case "last12":
      return { from: monthStart(year, month - 11) };
    case "thisYear":
      return { from: monthStart(year, 0) };
    case "lastYear":
      return { from: monthStart(year - 1, 0), to: monthStart(year, 0) };
    case "months": {
      const period: PeriodInput = {};
      if (selection.fromMonth) {
        const [fromYear, fromMonth] = parseMonth(selection.fromMonth);
        period.from = monthStart(fromYear, fromMonth - 1);
      }
      if (selection.toMonth) {
        const [toYear, toMonth] = parseMonth(selection.toMonth);
        period.to = monthStart(toYear, toMonth); // the month after the last one counted
      }
      return period.from || period.to ? period : undefined;
    }
  }
}

/** The first days (YYYY-MM-01) of the last `count` months in Asia/Shanghai, oldest first, this month included. */
export function lastMonths(count: number, now = new Date()): string[] {
  const [year, month] = currentMonth(now);
  return Array.from({ length: count }, (_, index) => {
    const date = new Date(Date.UTC(year, month - (count - 1 - index), 1));
    return date.toISOString().slice(0, 10);
  });
}
