// Merging a duplicate (the same problem raised twice): the case is closed into another open case of
// the same block. Its clock stops (so the sweeper and "overdue" never see it again), it counts in no
// figure (status MERGED, as a withdrawn case), and both cases carry an event. The case merged into
// moves on a version: whoever acts on it next sees that it absorbed a duplicate.
import { badUserInput } from "@grassroots/platform";
import type { Case, Prisma } from "../generated/prisma/client";
import { appendEvent } from "./ledger";
import type { Change } from "./rules";

const OPEN_STATUSES: Case["status"][] = ["OPEN", "ACCEPTED"];

/** Why `into` cannot take `current` as its duplicate, as a BAD_USER_INPUT on intoCaseId; null when it can. */
export function mergeTargetProblem(current: Pick<Case, "id" | "blockCode">, into: Case): string | null {
  if (into.id === current.id) return "A case cannot be merged into itself.";
  if (into.blockCode !== current.blockCode) return "Only cases raised in the same block can be merged.";
  if (into.status === "MERGED") {
    return `That case was itself merged into ${into.mergedIntoId}; merge into that one.`;
  }
  if (!OPEN_STATUSES.includes(into.status)) return `That case is ${into.status}; merge only into an OPEN or ACCEPTED case.`;
  return null;
}

/** The change of a merge, inside the transition's transaction with both rows locked. */
export async function mergeInto(
  tx: Prisma.TransactionClient,
  current: Case,
  input: { intoCaseId: string; reason: string },
  actor: string,
  at: Date,
  authoriseInto: ((into: Case) => void) | undefined,
): Promise<Change> {
  const into = await tx.case.findUniqueOrThrow({ where: { id: input.intoCaseId } });
  const problem = mergeTargetProblem(current, into);
  if (problem) throw badUserInput(problem, { field: "intoCaseId" });
  authoriseInto?.(into);
  await tx.tierClock.updateMany({ where: { caseId: current.id, endedAt: null }, data: { endedAt: at } });
  await tx.case.update({ where: { id: into.id }, data: { version: { increment: 1 } } });
  await appendEvent(tx, into, into, "DUPLICATE_MERGED", actor, at, `Case ${current.id} merged in: ${input.reason}`, null);
  return {
    data: { status: "MERGED", mergedIntoId: into.id, mergedAt: at },
    event: { kind: "MERGED", reason: input.reason },
  };
}
