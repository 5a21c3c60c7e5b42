// Working-day calendar of mainland China (Asia/Shanghai): see README.md.
export {
  addWorkingDays,
  type CalendarYear,
  calendarYear,
  isWorkingDay,
  shippedYears,
  workingDaysBetween,
  type YearsLookup,
  yearsLookup,
} from "./calendar";
export { addDays, type DateInput, isIsoDate, isoWeekday, isWeekend, shanghaiDate } from "./date";
export {
  FIRST_YEAR,
  type HolidayName,
  LAST_YEAR,
  lunarNewYear,
  qingming,
  type StatutoryHoliday,
  statutoryHolidays,
} from "./holidays";
export {
  ArrangementError,
  type OfficialArrangement,
  officialYearsShipped,
  parseOfficialArrangement,
  shippedArrangement,
} from "./official";
export { type CalendarDay, provisionalYear } from "./provisional";
