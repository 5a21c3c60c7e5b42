// The case lifecycle (DESIGN.md): OPEN → ACCEPTED → RESOLVED → CLOSED, with escalation up the chain,
// sideways transfer, reopening on an unsatisfied revisit, and withdrawal. Every transition is one
// transaction: a version-guarded update (two officers acting at once cannot both win), an
// append-only event, and the tier clocks. Deadlines come from the SQL working-day functions.
import { randomUUID } from "node:crypto";
import { districtOfDepartment } from "@grassroots/access";
import type { Directory } from "@grassroots/directory";
import { badUserInput, conflict, forbidden, isUniqueViolation } from "@grassroots/platform";
import { type Clock, localDate, systemClock, tierDeadlines } from "../calendar/deadlines";
import { districtOf, nextTier, placeHolder } from "../chain/chain";
import type {
  Case,
  CaseCategory,
  CaseChannel,
  CaseEventKind,
  CaseStatus,
  Prisma,
  RevisitOutcome,
  Tier,
} from "../generated/prisma/client";
import type { EscalationsPrisma } from "../prisma";
import { appendEvent, restartClock } from "./ledger";

/** Who does something: the token subject, recorded on every event. */
export type Actor = string;

const TEXT_LIMIT = 4000;

export function requiredText(value: string, field: string, what: string): string {
  const text = value.trim();
  if (!text) throw badUserInput(`Give ${what}.`, { field });
  if (text.length > TEXT_LIMIT) throw badUserInput(`"${field}" is longer than ${TEXT_LIMIT} characters.`, { field });
  return text;
}

export interface RaiseInput {
  /** A UUID made on the device (or the demo seed's stable id); otherwise a new one. */
  id?: string;
  blockCode: string;
  householdId: string | null;
  visitId: string | null;
  channel: CaseChannel;
  category: CaseCategory;
  description: string;
}

export class CaseWorkflow {
  constructor(
    private readonly prisma: EscalationsPrisma,
    private readonly directory: Directory,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Records a new case at its block's tier. Runs inside the caller's transaction (idempotency). */
  async raise(db: Prisma.TransactionClient, actor: Actor, input: RaiseInput): Promise<string> {
    if (!(await this.directory.placeExists(input.blockCode))) {
      throw badUserInput(`There is no block ${input.blockCode}.`, { field: "blockCode" });
    }
    if (input.householdId && (await this.directory.householdBlock(input.householdId)) !== input.blockCode) {
      throw badUserInput(`No registered household with this id lives in block ${input.blockCode}.`, { field: "householdId" });
    }
    const at = this.clock.now();
    const id = input.id ?? randomUUID();
    const holderCode = placeHolder(input.blockCode, "BLOCK");
    const deadlines = await tierDeadlines(db, "BLOCK", at);
    const created = await createOnce(db, {
      ...input,
      id,
      description: requiredText(input.description, "description", "a description of the problem"),
      tier: "BLOCK",
      holderCode,
      status: "OPEN",
      raisedAt: at,
      raisedBy: actor,
      tierEnteredAt: at,
      ...deadlines,
    });
    await restartClock(db, id, "BLOCK", holderCode, at);
    await appendEvent(db, null, created, "RAISED", actor, at, null);
    return id;
  }

  /** The holder takes the case and commits publicly to a date within the tier's limit (承诺). */
  accept(
    actor: Actor,
    id: string,
    expectedVersion: number,
    commitmentDate: Date,
    note: string | null,
    within?: Prisma.TransactionClient,
  ) {
    return this.transition(within, actor, id, expectedVersion, ["OPEN"], "accept", async (tx, current, at) => {
      const today = localDate(at);
      const deadline = localDate(new Date(current.dueAt.getTime() - 1));
      const committed = commitmentDate.toISOString().slice(0, 10);
      if (committed < today || committed > deadline) {
        throw badUserInput(`Commit to a date from ${today} to ${deadline}, the end of this tier's time limit.`, {
          field: "commitmentDate",
        });
      }
      await tx.tierClock.updateMany({ where: { caseId: id, endedAt: null }, data: { acceptedAt: at } });
      return {
        data: { status: "ACCEPTED", commitmentDate, commitmentNote: note?.trim() || null },
        event: { kind: "ACCEPTED", reason: note?.trim() || null },
      };
    });
  }

  /** Moves the case to the next tier's holder, restarting the clock. */
  escalate(actor: Actor, id: string, expectedVersion: number, reason: string, within?: Prisma.TransactionClient) {
    const why = requiredText(reason, "reason", "the reason this tier cannot solve it");
    return this.transition(within, actor, id, expectedVersion, ["OPEN", "ACCEPTED"], "escalate", async (tx, current, at) => {
      const { tier, holderCode } = await this.nextHolder(current);
      const deadlines = await restartClock(tx, id, tier, holderCode, at);
      return {
        data: { ...movedTo(tier, holderCode, at, deadlines), transfersAtTier: 0 },
        event: { kind: "ESCALATED", reason: why },
      };
    });
  }

  /** Moves the case sideways to another place of the same tier (or another department). */
  transfer(
    actor: Actor,
    id: string,
    expectedVersion: number,
    toHolder: string,
    reason: string,
    within?: Prisma.TransactionClient,
  ) {
    const why = requiredText(reason, "reason", "the reason the case belongs elsewhere");
    return this.transition(within, actor, id, expectedVersion, ["OPEN", "ACCEPTED"], "transfer", async (tx, current, at) => {
      if (current.transfersAtTier >= 2) {
        throw conflict(
          `This case was already transferred twice at the ${current.tier.toLowerCase()} tier; escalate it so the tier above arbitrates.`,
        );
      }
      await this.checkTransferTarget(current, toHolder);
      const deadlines = await restartClock(tx, id, current.tier, toHolder, at);
      return {
        data: { ...movedTo(current.tier, toHolder, at, deadlines), transfersAtTier: current.transfersAtTier + 1 },
        event: { kind: "TRANSFERRED", reason: why },
      };
    });
  }

  /** The holder reports it done, with what was done. The resident still has to agree (revisit). */
  resolve(actor: Actor, id: string, expectedVersion: number, resolution: string, within?: Prisma.TransactionClient) {
    const done = requiredText(resolution, "resolution", "what was done");
    return this.transition(within, actor, id, expectedVersion, ["ACCEPTED"], "resolve", async (tx, _current, at) => {
      await tx.tierClock.updateMany({ where: { caseId: id, endedAt: null }, data: { endedAt: at } });
      return { data: { status: "RESOLVED", resolution: done, resolvedAt: at }, event: { kind: "RESOLVED", reason: done } };
    });
  }

  /**
   * The resident's verdict (回访). Satisfied closes the case; not satisfied reopens it at the same tier
   * with a fresh clock (整改不满意不得销号); unreachable and unreasonable requests are recorded as such
   * and leave it resolved, never closed.
   */
  revisit(
    actor: Actor,
    id: string,
    expectedVersion: number,
    outcome: RevisitOutcome,
    note: string | null,
    within?: Prisma.TransactionClient,
  ) {
    return this.transition(within, actor, id, expectedVersion, ["RESOLVED"], "record a revisit for", async (tx, current, at) => {
      if (current.raisedBy === actor) {
        throw forbidden("Whoever captured a case cannot record the resident's satisfaction; another officer must revisit.");
      }
      const text = note?.trim() || null;
      if (outcome === "NOT_SATISFIED" && !text)
        throw badUserInput("Say what the resident is still unhappy about.", { field: "note" });
      await tx.revisit.create({ data: { id: randomUUID(), caseId: id, outcome, note: text, recordedBy: actor, at } });
      if (outcome === "SATISFIED") {
        return { data: { status: "CLOSED", closedAt: at }, event: { kind: "CLOSED", reason: text } };
      }
      if (outcome === "NOT_SATISFIED") {
        const deadlines = await restartClock(tx, id, current.tier, current.holderCode, at);
        return {
          data: { ...movedTo(current.tier, current.holderCode, at, deadlines), resolution: null, resolvedAt: null },
          event: { kind: "REOPENED", reason: text },
        };
      }
      return { data: {}, event: { kind: "REVISITED", reason: `${outcome}${text ? `: ${text}` : ""}` } };
    });
  }

  /** The resident no longer wants it pursued. */
  withdraw(actor: Actor, id: string, expectedVersion: number, reason: string, within?: Prisma.TransactionClient) {
    const why = requiredText(reason, "reason", "why the case is withdrawn");
    return this.transition(within, actor, id, expectedVersion, ["OPEN", "ACCEPTED"], "withdraw", async (tx, _current, at) => {
      await tx.tierClock.updateMany({ where: { caseId: id, endedAt: null }, data: { endedAt: at } });
      return { data: { status: "WITHDRAWN" }, event: { kind: "WITHDRAWN", reason: why } };
    });
  }

  /** The holder one tier up: the block's community, then its street, then the department for the category. */
  async nextHolder(current: Pick<Case, "tier" | "blockCode" | "category">): Promise<{ tier: Tier; holderCode: string }> {
    const tier = nextTier(current.tier);
    if (!tier) throw conflict("This case is already with a district department, the top of the chain.");
    if (tier !== "DEPARTMENT") return { tier, holderCode: placeHolder(current.blockCode, tier) };
    const department = await this.directory.departmentFor(districtOf(current.blockCode), current.category);
    if (!department) throw conflict(`No district department is set to receive ${current.category} cases; ask an administrator.`);
    return { tier, holderCode: department };
  }

  private async checkTransferTarget(current: Case, toHolder: string) {
    if (toHolder === current.holderCode) throw badUserInput("The case is already there.", { field: "toHolder" });
    const sameKind =
      current.tier === "DEPARTMENT"
        ? districtOfDepartment(toHolder) === districtOf(current.blockCode)
        : toHolder.length === current.holderCode.length &&
          /^\d+$/.test(toHolder) &&
          toHolder.startsWith(districtOf(current.blockCode));
    const exists =
      sameKind &&
      (current.tier === "DEPARTMENT"
        ? await this.directory.departmentExists(toHolder)
        : await this.directory.placeExists(toHolder));
    if (!exists) {
      throw badUserInput(`Transfer to another ${current.tier.toLowerCase()} of the same district that exists.`, {
        field: "toHolder",
      });
    }
  }

  /**
   * Loads the case, checks its state, applies `change`, and bumps the version only if nobody else
   * did first: the update's WHERE version = expected is what makes concurrent transitions safe.
   */
  private async transition(
    within: Prisma.TransactionClient | undefined,
    actor: Actor,
    id: string,
    expectedVersion: number,
    allowed: CaseStatus[],
    verb: string,
    change: (
      tx: Prisma.TransactionClient,
      current: Case,
      at: Date,
    ) => Promise<{ data: Prisma.CaseUncheckedUpdateManyInput; event: { kind: CaseEventKind; reason: string | null } }>,
  ): Promise<void> {
    const run = async (tx: Prisma.TransactionClient) => {
      // Lock the case row first, as the sweeper does, so the two never deadlock over case and clocks.
      await tx.$queryRaw`SELECT id FROM "case" WHERE id = ${id}::uuid FOR UPDATE`;
      const current = await tx.case.findUnique({ where: { id } });
      if (!current) throw forbidden();
      if (current.version !== expectedVersion) throw stale(current.version);
      if (!allowed.includes(current.status)) {
        throw conflict(`This case is ${current.status}; you can ${verb} only ${allowed.join(" or ")} cases.`);
      }
      const at = this.clock.now();
      const { data, event } = await change(tx, current, at);
      const updated = await tx.case.updateMany({
        where: { id, version: expectedVersion },
        data: { ...data, version: { increment: 1 } },
      });
      if (updated.count === 0) {
        const now = await tx.case.findUnique({ where: { id }, select: { version: true } });
        throw stale(now?.version ?? expectedVersion + 1);
      }
      const after = await tx.case.findUniqueOrThrow({ where: { id } });
      await appendEvent(tx, current, after, event.kind, actor, at, event.reason);
    };
    // Inside a caller's transaction (the demo seed runs as one), or in a transaction of its own.
    await (within ? run(within) : this.prisma.$transaction(run));
  }
}

/**
 * Creates the case; a device-made id that is already taken is a CONFLICT whoever's case it is (the
 * message says nothing about that case), also when two raises race for the same new id.
 */
async function createOnce(db: Prisma.TransactionClient, data: Prisma.CaseUncheckedCreateInput) {
  try {
    return await db.case.create({ data });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw conflict("This id cannot be used for a new case; make a new id on the device.", { field: "id" });
    }
    throw error;
  }
}

function stale(currentVersion: number) {
  return conflict("Someone else changed this case first. Reload it and try again.", { currentVersion });
}

function movedTo(tier: Tier, holderCode: string, at: Date, deadlines: { responseDueAt: Date; dueAt: Date }) {
  return {
    tier,
    holderCode,
    status: "OPEN" as const,
    tierEnteredAt: at,
    ...deadlines,
    commitmentDate: null,
    commitmentNote: null,
  };
}
