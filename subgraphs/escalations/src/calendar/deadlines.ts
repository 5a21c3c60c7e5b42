// Time on the Asia/Shanghai working-day calendar: the clock a service runs on, and the deadlines a
// tier's time limits give (computed by the SQL working-day functions of the migrations).
import type { Prisma, Tier } from "../generated/prisma/client";
import type { EscalationsPrisma } from "../prisma";

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

type Db = EscalationsPrisma | Prisma.TransactionClient;

/** The clock a tier starts: response and resolution deadlines in working days from `start`. */
export async function tierDeadlines(db: Db, tier: Tier, start: Date) {
  const [row] = await db.$queryRaw<{ response_due_at: Date; due_at: Date; provisional: boolean }[]>`
    SELECT response_due_at, due_at, calendar_provisional(${start}::timestamptz, due_at) AS provisional
    FROM (SELECT working_deadline(${start}::timestamptz, response_days) AS response_due_at,
                 working_deadline(${start}::timestamptz, limit_days) AS due_at
          FROM tier_policy WHERE tier = ${tier}::"Tier") AS deadline`;
  if (!row) throw new Error(`No time limit is configured for the ${tier} tier`);
  return { responseDueAt: row.response_due_at, dueAt: row.due_at, deadlineProvisional: row.provisional };
}

/** The calendar date in Asia/Shanghai (UTC+8, no daylight saving). */
export function localDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
