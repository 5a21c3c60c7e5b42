// Public holidays as the law gives them (全国年节及纪念日放假办法), computed for any year in range.
// Lunar dates and the Qingming solar term come from lunar-typescript, never from a hand table.
import { Lunar } from "lunar-typescript";
import { addDays, fromDayNumber, toDayNumber } from "./date";

export type HolidayName =
  | "New Year"
  | "Spring Festival"
  | "Qingming"
  | "Labour Day"
  | "Dragon Boat Festival"
  | "Mid-Autumn Festival"
  | "National Day";

export interface StatutoryHoliday {
  day: string;
  name: HolidayName;
}

// The 2007 revision (in force from 2008) set today's seven festivals; earlier years had other rules, so
// they are refused rather than guessed. The far end is where no deadline will reach.
export const FIRST_YEAR = 2008;
export const LAST_YEAR = 2100;

export function assertSupportedYear(year: number): void {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
    throw new RangeError(`year ${year} is outside the supported ${FIRST_YEAR}–${LAST_YEAR}`);
  }
}

// Days of the Spring Festival holiday as offsets from 正月初一 (-1 is 除夕), and the days of Labour Day,
// under each revision of the law: 2007 (from 2008), 2013 (from 2014), 2024 (from 2025-01-01).
function rulesFor(year: number): { springFestival: number[]; labourDays: number } {
  if (year >= 2025) return { springFestival: [-1, 0, 1, 2], labourDays: 2 };
  if (year >= 2014) return { springFestival: [0, 1, 2], labourDays: 1 };
  return { springFestival: [-1, 0, 1], labourDays: 1 };
}

function solarOfLunar(year: number, month: number, day: number): string {
  // A positive month is the ordinary (non-leap) month, which is the one the festivals follow.
  return Lunar.fromYmd(year, month, day).getSolar().toYmd();
}

/** 正月初一 of the lunar year that begins in Gregorian `year`. */
export function lunarNewYear(year: number): string {
  return solarOfLunar(year, 1, 1);
}

/** The day of the solar term 清明, in Beijing time (which is what the library computes). */
export function qingming(year: number): string {
  const solar = Lunar.fromYmd(year, 1, 1).getJieQiTable().清明;
  const day = solar?.toYmd();
  if (!day?.startsWith(`${year}-04-`)) throw new Error(`lunar-typescript gave no 清明 in April ${year}: ${day}`);
  return day;
}

/**
 * The statutory public holidays of `year`, sorted by day. 2025 on: 13 entries. Two festivals can fall on the
 * same day (Mid-Autumn on 1 October in 2031): both entries are kept, since each still owes a day off.
 */
export function statutoryHolidays(year: number): StatutoryHoliday[] {
  assertSupportedYear(year);
  const rules = rulesFor(year);
  // 除夕 is the last day of the lunar year: the day before 正月初一, whether 腊月 has 29 or 30 days.
  const newYear = toDayNumber(lunarNewYear(year));
  // Fixed dates first: where a lunar festival lands on one of them (Mid-Autumn on 1 October 2031), the stable
  // sort below keeps the fixed-date holiday first, and the lunar one is the day to be made up.
  const list: StatutoryHoliday[] = [
    { day: `${year}-01-01`, name: "New Year" },
    ...Array.from({ length: rules.labourDays }, (_, i) => ({ day: addDays(`${year}-05-01`, i), name: "Labour Day" as const })),
    ...[1, 2, 3].map((d) => ({ day: `${year}-10-0${d}`, name: "National Day" as const })),
    ...rules.springFestival.map((offset) => ({ day: fromDayNumber(newYear + offset), name: "Spring Festival" as const })),
    { day: qingming(year), name: "Qingming" },
    { day: solarOfLunar(year, 5, 5), name: "Dragon Boat Festival" },
    { day: solarOfLunar(year, 8, 15), name: "Mid-Autumn Festival" },
  ];
  return list.sort((a, b) => a.day.localeCompare(b.day));
}
