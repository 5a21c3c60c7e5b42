// The calendar a year has before the State Council publishes its arrangement: only what the law itself fixes.
import { addDays, isWeekend } from "./date";
import { type StatutoryHoliday, statutoryHolidays } from "./holidays";

/** One exception to the Monday–Friday week: the shape of calendar_day rows and of official data files. */
export interface CalendarDay {
  day: string;
  working: boolean;
  name: string;
}

/**
 * Exception rows for `year` from the law alone: each statutory holiday on a weekday is a rest day, and each one
 * that falls on a weekend or on the same day as another holiday is made up on the next free weekday (补假, which
 * the same law requires). The yearly notice adds bridge days and weekend working days that cannot be derived,
 * so this is the least rest the year will have, not a forecast of the notice.
 */
export function provisionalYear(year: number): CalendarDay[] {
  const rest = new Map<string, string>();
  const owed: StatutoryHoliday[] = [];
  for (const holiday of statutoryHolidays(year)) {
    if (isWeekend(holiday.day) || rest.has(holiday.day)) owed.push(holiday);
    else rest.set(holiday.day, holiday.name);
  }
  // Holidays come sorted by day, so substitutes are handed out in that order, each after its own holiday.
  for (const { day, name } of owed) {
    let substitute = day;
    while (isWeekend(substitute) || rest.has(substitute)) substitute = addDays(substitute, 1);
    rest.set(substitute, `${name} (substitute day)`);
  }
  return [...rest].map(([day, name]) => ({ day, working: false, name })).sort((a, b) => a.day.localeCompare(b.day));
}
