// A caseStats period as the roll-ups serve it: the whole Asia/Shanghai months inside it come from
// the month buckets, the edges that are not month starts from the rows of their partial months.

const SHANGHAI_OFFSET_MS = 8 * 3600_000; // UTC+8, no daylight saving since 1991

/** The start of the Asia/Shanghai month `offset` months after the one holding `at`. */
export function shanghaiMonthStart(at: Date, offset = 0): Date {
  const local = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + offset, 1) - SHANGHAI_OFFSET_MS);
}

/** The local date (YYYY-MM-DD) of a Shanghai month start, as case_block_month.month holds it. */
function monthKey(start: Date): string {
  return new Date(start.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

export interface PeriodParts {
  /** Buckets with month >= from and < to (null: unbounded); null when no whole month is inside. */
  months: { from: string | null; to: string | null } | null;
  /** Instant ranges [from, to) counted from the rows. */
  edges: { from: Date; to: Date }[];
}

export function periodParts(period: { from: Date | null; to: Date | null }): PeriodParts {
  const { from, to } = period;
  // The first whole month at or after `from`, and the start of the month holding `to`.
  const first = from && (shanghaiMonthStart(from).getTime() === from.getTime() ? from : shanghaiMonthStart(from, 1));
  const last = to && shanghaiMonthStart(to);
  if (from && to && first! >= last!) return { months: null, edges: to > from ? [{ from, to }] : [] };
  const edges: { from: Date; to: Date }[] = [];
  if (from && first! > from) edges.push({ from, to: first! });
  if (to && last! < to) edges.push({ from: last!, to });
  return { months: { from: first && monthKey(first), to: last && monthKey(last) }, edges };
}
