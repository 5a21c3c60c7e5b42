// A case's ledger beside its row: the append-only events and the tier clocks.
import { randomUUID } from "node:crypto";
import { tierDeadlines } from "../calendar/deadlines";
import { type Case, type CaseEventKind, Prisma, type Tier } from "../generated/prisma/client";

type CasePoint = Pick<Case, "id" | "status" | "tier" | "holderCode">;

export async function appendEvent(
  db: Prisma.TransactionClient,
  before: CasePoint | null,
  after: CasePoint,
  kind: CaseEventKind,
  actor: string,
  at: Date,
  reason: string | null,
  /** What the actor asked for: a retry with the same input is recognised by it. */
  input: object | null,
) {
  const last = await db.caseEvent.aggregate({ where: { caseId: after.id }, _max: { sequence: true } });
  await db.caseEvent.create({
    data: {
      id: randomUUID(),
      caseId: after.id,
      sequence: (last._max.sequence ?? 0) + 1,
      kind,
      actor,
      at,
      fromStatus: before?.status ?? null,
      toStatus: after.status,
      fromTier: before?.tier ?? null,
      toTier: after.tier,
      fromHolder: before?.holderCode ?? null,
      toHolder: after.holderCode,
      reason,
      input: input ?? Prisma.DbNull,
    },
  });
}

/** Ends the running clock and starts one for the case's (new) tier and holder. */
export async function restartClock(db: Prisma.TransactionClient, caseId: string, tier: Tier, holderCode: string, at: Date) {
  await db.tierClock.updateMany({ where: { caseId, endedAt: null }, data: { endedAt: at } });
  const deadlines = await tierDeadlines(db, tier, at);
  const last = await db.tierClock.aggregate({ where: { caseId }, _max: { sequence: true } });
  const { responseDueAt, dueAt } = deadlines;
  await db.tierClock.create({
    data: {
      id: randomUUID(),
      caseId,
      sequence: (last._max.sequence ?? 0) + 1,
      tier,
      holderCode,
      startedAt: at,
      responseDueAt,
      dueAt,
    },
  });
  return deadlines;
}
