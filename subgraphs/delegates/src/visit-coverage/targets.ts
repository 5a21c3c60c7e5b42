// Visit coverage targets (Tianjin's practice in DOMAIN.md): every household of a small place
// visited within a year, at least 80% in a large one. "Small" is configurable.

/** Default of VISIT_COVERAGE_FULL_TARGET_MAX_HOUSEHOLDS: a place this size or smaller must visit everyone. */
export const DEFAULT_FULL_TARGET_MAX_HOUSEHOLDS = 300;
/** The share of households a larger place must have visited. */
export const LARGE_PLACE_TARGET = 0.8;
/** How far back a visit counts. */
export const COVERAGE_WINDOW_MONTHS = 12;

export interface CoverageTargets {
  fullTargetMaxHouseholds: number;
  /** Visits on or after this instant count. */
  since: Date;
}

/** The targets of a request at `now`; VISIT_COVERAGE_FULL_TARGET_MAX_HOUSEHOLDS comes from the configuration (src/config.ts). */
export function coverageTargets(now: Date, fullTargetMaxHouseholds = DEFAULT_FULL_TARGET_MAX_HOUSEHOLDS): CoverageTargets {
  const since = new Date(now);
  since.setUTCMonth(since.getUTCMonth() - COVERAGE_WINDOW_MONTHS);
  return { fullTargetMaxHouseholds, since };
}

/** The target share for a place of this many households. */
export function coverageTarget(households: number, targets: CoverageTargets): number {
  return households <= targets.fullTargetMaxHouseholds ? 1 : LARGE_PLACE_TARGET;
}

/** China Standard Time, the district's clock (no daylight saving since 1991): as visit_local_day in SQL. */
const CHINA_STANDARD_TIME_MS = 8 * 3600_000;

/**
 * The first whole day (YYYY-MM-DD, Asia/Shanghai) of a window opening at `since`, and the instant it
 * starts: the window counters count from that day, and the households of the day before it (the
 * window's opening day) are counted one by one from `since`.
 */
export function firstWholeDay(since: Date): { day: string; starts: Date } {
  const localMidnight = Math.floor((since.getTime() + CHINA_STANDARD_TIME_MS) / 86_400_000) * 86_400_000;
  const next = localMidnight + 86_400_000;
  return { day: new Date(next).toISOString().slice(0, 10), starts: new Date(next - CHINA_STANDARD_TIME_MS) };
}
