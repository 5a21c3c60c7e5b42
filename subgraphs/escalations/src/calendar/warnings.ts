// When the sweeper logs the calendar's health. It asks every minute; a warning logged every minute
// (next year's official calendar missing, all of November and December) buried the rest of the log.
// /health/ready still reports it at every check.

export const CALENDAR_WARNING_EVERY_MS = 60 * 60_000;

/**
 * Decides, for each health the sweeper reads, whether to log it: a warning when it appears or its
 * text changes, then again at most once every `everyMs` while it lasts; "ok" never.
 */
export function calendarWarnings(everyMs = CALENDAR_WARNING_EVERY_MS) {
  let last: { text: string; at: number } | null = null;
  return (calendar: string, now: number): boolean => {
    if (calendar === "ok") {
      last = null;
      return false;
    }
    if (last && last.text === calendar && now - last.at < everyMs) return false;
    last = { text: calendar, at: now };
    return true;
  };
}
