// Rooms open on weekly slots in China Standard Time (UTC+8 all year: China has no daylight saving),
// so a slot's instants follow from the weekday and minutes without a time-zone database.

const CST_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export interface WeeklySlot {
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number;
  opensMinute: number;
  closesMinute: number;
}

/** The slot under way at `after`, or else the next to start; null for a room with no slots. */
export function nextOpening(slots: readonly WeeklySlot[], after: Date): { startsAt: Date; endsAt: Date } | null {
  const local = new Date(after.getTime() + CST_OFFSET_MS);
  const localMidnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - CST_OFFSET_MS;
  const today = ((local.getUTCDay() + 6) % 7) + 1;
  let best: { startsAt: Date; endsAt: Date } | null = null;
  // Today's slots may be over, so look one day past a full week.
  for (let day = 0; day <= 7; day++) {
    const weekday = ((today - 1 + day) % 7) + 1;
    for (const slot of slots) {
      if (slot.weekday !== weekday) continue;
      const startsAt = localMidnight + day * DAY_MS + slot.opensMinute * MINUTE_MS;
      const endsAt = localMidnight + day * DAY_MS + slot.closesMinute * MINUTE_MS;
      if (endsAt > after.getTime() && (!best || startsAt < best.startsAt.getTime())) {
        best = { startsAt: new Date(startsAt), endsAt: new Date(endsAt) };
      }
    }
  }
  return best;
}

/** 1140 → "19:00". */
export function clockTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}
