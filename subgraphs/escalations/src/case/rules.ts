// Over 350 lines: the seven transitions and the one guarded transition() they share belong together (merge.ts holds what a merge changes).
// The case lifecycle (DESIGN.md): OPEN → ACCEPTED → RESOLVED → CLOSED, with escalation up the chain,
// sideways transfer, reopening on an unsatisfied revisit, and withdrawal. Every transition is one
// transaction: a version-guarded update (two officers acting at once cannot both win), an
// append-only event recording its input (a retry is answered, not repeated), and the tier clocks.
// Deadlines come from the SQL working-day functions.
import { randomUUID } from "node:crypto";
import { districtOfDepartment } from "@grassroots/access";
import type { Directory } from "@grassroots/directory";
import { pathOf } from "@grassroots/jurisdiction";
import { badUserInput, conflict, forbidden, isUniqueViolation, retryingDeadlocks } from "@grassroots/platform";
import { type Clock, localDate, systemClock, tierDeadlines } from "../calendar/deadlines";
import { ensureCalendarYears } from "../calendar/years";
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
import { mergeInto } from "./merge";

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

/** What a transition was asked to do, as recorded on its event: a retry with the same input is a replay. */
export type TransitionInput =
  | { operation: "accept"; commitmentDate: string; note: string | null }
  | { operation: "escalate"; reason: string }
  | { operation: "transfer"; toHolder: string; reason: string }
  | { operation: "resolve"; resolution: string }
  | { operation: "revisit"; outcome: RevisitOutcome; note: string | null }
  | { operation: "withdraw"; reason: string }
  | { operation: "merge"; intoCaseId: string; reason: string };

export interface TransitionOptions {
  /** The caller's transaction (the demo seed runs as one); otherwise each transition has its own. */
  within?: Prisma.TransactionClient;
  /** Whether the actor may do this to the case as it stands; throws FORBIDDEN when not. */
  authorise?: (current: Case) => void;
  /** Other cases the transition changes: locked with the case, in id order (two merges never deadlock). */
  lock?: string[];
}

export type Change = {
  data: Prisma.CaseUncheckedUpdateManyInput;
  event: { kind: CaseEventKind; reason: string | null };
};

export class CaseWorkflow {
  constructor(
    private readonly prisma: EscalationsPrisma,
    private readonly directory: Directory,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * What a new case needs from other subgraphs and the calendar, checked before any transaction:
   * the block exists, the household lives there, this year's calendar is in place.
   */
  async checkRaise(input: Pick<RaiseInput, "blockCode" | "householdId">): Promise<void> {
    if (!(await this.directory.placeExists(input.blockCode))) {
      throw badUserInput(`There is no block ${input.blockCode}.`, { field: "blockCode" });
    }
    if (input.householdId && (await this.directory.householdBlock(input.householdId)) !== input.blockCode) {
      throw badUserInput(`No registered household with this id lives in block ${input.blockCode}.`, { field: "householdId" });
    }
    await ensureCalendarYears(this.prisma, this.clock.now());
  }

  /** Records a new case at its block's tier, inside the caller's transaction (idempotency); checkRaise first. */
  async raise(db: Prisma.TransactionClient, actor: Actor, input: RaiseInput): Promise<string> {
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
      reach: pathOf(holderCode),
      status: "OPEN",
      raisedAt: at,
      raisedBy: actor,
      tierEnteredAt: at,
      ...deadlines,
    });
    await restartClock(db, id, "BLOCK", holderCode, at);
    await appendEvent(db, null, created, "RAISED", actor, at, null, null);
    return id;
  }

  /** The holder takes the case and commits publicly to a date within the tier's limit (承诺). */
  accept(
    actor: Actor,
    id: string,
    expectedVersion: number,
    commitmentDate: Date,
    note: string | null,
    options: TransitionOptions = {},
  ) {
    const committed = commitmentDate.toISOString().slice(0, 10);
    const input = { operation: "accept", commitmentDate: committed, note: optionalText(note, "note") } as const;
    return this.transition(actor, id, expectedVersion, input, options, ["OPEN"], "accept", null, async (tx, current, at) => {
      const today = localDate(at);
      const deadline = localDate(new Date(current.dueAt.getTime() - 1));
      if (committed < today || committed > deadline) {
        throw badUserInput(`Commit to a date from ${today} to ${deadline}, the end of this tier's time limit.`, {
          field: "commitmentDate",
        });
      }
      await tx.tierClock.updateMany({ where: { caseId: id, endedAt: null }, data: { acceptedAt: at } });
      return {
        data: { status: "ACCEPTED", commitmentDate, commitmentNote: input.note },
        event: { kind: "ACCEPTED", reason: input.note },
      };
    });
  }

  /** Moves the case to the next tier's holder, above whoever holds it now, restarting the clock. */
  escalate(actor: Actor, id: string, expectedVersion: number, reason: string, options: TransitionOptions = {}) {
    const input = {
      operation: "escalate",
      reason: requiredText(reason, "reason", "the reason this tier cannot solve it"),
    } as const;
    return this.transition(
      actor,
      id,
      expectedVersion,
      input,
      options,
      ["OPEN", "ACCEPTED"],
      "escalate",
      (current) => this.nextHolder(current),
      async (tx, _current, at, { tier, holderCode }) => {
        const deadlines = await restartClock(tx, id, tier, holderCode, at);
        return {
          data: { ...movedTo(tier, holderCode, at, deadlines), transfersAtTier: 0 },
          event: { kind: "ESCALATED", reason: input.reason },
        };
      },
    );
  }

  /** Moves the case sideways to another place of the same tier in the district (or another department). */
  transfer(actor: Actor, id: string, expectedVersion: number, toHolder: string, reason: string, options: TransitionOptions = {}) {
    const input = {
      operation: "transfer",
      toHolder,
      reason: requiredText(reason, "reason", "the reason the case belongs elsewhere"),
    } as const;
    return this.transition(
      actor,
      id,
      expectedVersion,
      input,
      options,
      ["OPEN", "ACCEPTED"],
      "transfer",
      (current) => {
        if (current.transfersAtTier >= 2) {
          throw conflict(
            `This case was already transferred twice at the ${current.tier.toLowerCase()} tier; escalate it so the tier above arbitrates.`,
          );
        }
        return this.checkTransferTarget(current, toHolder);
      },
      async (tx, current, at) => {
        const deadlines = await restartClock(tx, id, current.tier, toHolder, at);
        // The new holder's chain may see the case from now on, as may every chain that held it.
        const reach = current.tier === "DEPARTMENT" ? current.reach : [...new Set([...current.reach, ...pathOf(toHolder)])];
        return {
          data: { ...movedTo(current.tier, toHolder, at, deadlines), reach, transfersAtTier: current.transfersAtTier + 1 },
          event: { kind: "TRANSFERRED", reason: input.reason },
        };
      },
    );
  }

  /** The holder reports it done, with what was done. The resident still has to agree (revisit). */
  resolve(actor: Actor, id: string, expectedVersion: number, resolution: string, options: TransitionOptions = {}) {
    const input = { operation: "resolve", resolution: requiredText(resolution, "resolution", "what was done") } as const;
    return this.transition(
      actor,
      id,
      expectedVersion,
      input,
      options,
      ["ACCEPTED"],
      "resolve",
      null,
      async (tx, _current, at) => {
        await tx.tierClock.updateMany({ where: { caseId: id, endedAt: null }, data: { endedAt: at } });
        return {
          data: { status: "RESOLVED", resolution: input.resolution, resolvedAt: at },
          event: { kind: "RESOLVED", reason: input.resolution },
        };
      },
    );
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
    options: TransitionOptions = {},
  ) {
    const input = { operation: "revisit", outcome, note: optionalText(note, "note") } as const;
    const text = input.note;
    if (outcome === "NOT_SATISFIED" && !text)
      throw badUserInput("Say what the resident is still unhappy about.", { field: "note" });
    return this.transition(
      actor,
      id,
      expectedVersion,
      input,
      {
        ...options,
        authorise: (current) => {
          options.authorise?.(current);
          if (current.raisedBy === actor) {
            throw forbidden("Whoever captured a case cannot record the resident's satisfaction; another officer must revisit.");
          }
        },
      },
      ["RESOLVED"],
      "record a revisit for",
      null,
      async (tx, current, at): Promise<Change> => {
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
      },
    );
  }

  /** The resident no longer wants it pursued. */
  withdraw(actor: Actor, id: string, expectedVersion: number, reason: string, options: TransitionOptions = {}) {
    const input = { operation: "withdraw", reason: requiredText(reason, "reason", "why the case is withdrawn") } as const;
    return this.transition(
      actor,
      id,
      expectedVersion,
      input,
      options,
      ["OPEN", "ACCEPTED"],
      "withdraw",
      null,
      async (tx, _current, at) => {
        await tx.tierClock.updateMany({ where: { caseId: id, endedAt: null }, data: { endedAt: at } });
        return { data: { status: "WITHDRAWN" }, event: { kind: "WITHDRAWN", reason: input.reason } };
      },
    );
  }

  /**
   * Closes the case into another open case of the same block as its duplicate (merge.ts): its clock
   * stops, both get an event, the other's version moves on. `authoriseInto` decides whether the
   * actor may act on the other case as it stands (checked with both rows locked).
   */
  merge(
    actor: Actor,
    id: string,
    expectedVersion: number,
    intoCaseId: string,
    reason: string,
    options: TransitionOptions & { authoriseInto?: (into: Case) => void } = {},
  ) {
    const input = {
      operation: "merge",
      intoCaseId,
      reason: requiredText(reason, "reason", "why the two cases are the same problem"),
    } as const;
    return this.transition(
      actor,
      id,
      expectedVersion,
      input,
      { ...options, lock: [intoCaseId] },
      ["OPEN", "ACCEPTED"],
      "merge",
      null,
      (tx, current, at) => mergeInto(tx, current, input, actor, at, options.authoriseInto),
    );
  }

  /**
   * The holder one tier up from whoever holds the case now: a block's community, a community's
   * street, then the district department for the category.
   */
  async nextHolder(
    current: Pick<Case, "tier" | "holderCode" | "blockCode" | "category">,
  ): Promise<{ tier: Tier; holderCode: string }> {
    const tier = nextTier(current.tier);
    if (!tier) throw conflict("This case is already with a district department, the top of the chain.");
    if (tier !== "DEPARTMENT") return { tier, holderCode: placeHolder(current.holderCode, tier) };
    const department = await this.directory.departmentFor(districtOf(current.blockCode), current.category);
    if (!department) throw conflict(`No district department is set to receive ${current.category} cases; ask an administrator.`);
    return { tier, holderCode: department };
  }

  private async checkTransferTarget(current: Case, toHolder: string): Promise<null> {
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
    return null;
  }

  /**
   * Runs one transition. First, on the case as it stands: a stale version is a replay of this very
   * transition (same actor, same input: the event at expectedVersion + 1 says so; nothing happens
   * again) or a CONFLICT; then `authorise`, the state, and `prepare` (look-ups in other subgraphs,
   * never while the row is locked). Then, in one transaction with the row locked: the version again,
   * `change`, the update guarded by WHERE version = expected (two officers acting at once cannot
   * both win), and the event with its input.
   */
  private async transition<Prepared>(
    actor: Actor,
    id: string,
    expectedVersion: number,
    input: TransitionInput,
    options: TransitionOptions,
    allowed: CaseStatus[],
    verb: string,
    prepare: ((current: Case) => Promise<Prepared>) | null,
    change: (tx: Prisma.TransactionClient, current: Case, at: Date, prepared: Prepared) => Promise<Change>,
  ): Promise<"done" | "replayed"> {
    const db = options.within ?? this.prisma;
    const seen = await db.case.findUnique({ where: { id } });
    if (!seen) throw forbidden();
    if (seen.version !== expectedVersion) return this.replayOrStale(db, seen.version, id, expectedVersion, actor, input);
    options.authorise?.(seen);
    if (!allowed.includes(seen.status)) {
      throw conflict(`This case is ${seen.status}; you can ${verb} only ${allowed.join(" or ")} cases.`);
    }
    const prepared = (prepare ? await prepare(seen) : null) as Prepared;
    // The seed ensures the calendar before its one transaction; PGlite has a single connection.
    if (!options.within) await ensureCalendarYears(this.prisma, this.clock.now());

    const run = async (tx: Prisma.TransactionClient): Promise<"done" | "replayed"> => {
      // Lock the case row first, as the sweeper does, so the two never deadlock over case and clocks.
      const locked = [id, ...(options.lock ?? [])];
      await tx.$queryRaw`SELECT id FROM "case" WHERE id = ANY(${locked}::uuid[]) ORDER BY id FOR UPDATE`;
      const current = await tx.case.findUniqueOrThrow({ where: { id } });
      if (current.version !== expectedVersion) return this.replayOrStale(tx, current.version, id, expectedVersion, actor, input);
      const at = this.clock.now();
      const { data, event } = await change(tx, current, at, prepared);
      const updated = await tx.case.updateMany({
        where: { id, version: expectedVersion },
        data: { ...data, version: { increment: 1 } },
      });
      if (updated.count === 0) throw stale(expectedVersion + 1);
      const after = await tx.case.findUniqueOrThrow({ where: { id } });
      await appendEvent(tx, current, after, event.kind, actor, at, event.reason, input);
      return "done";
    };
    // A transition refused as one side of a deadlock changed nothing (the roll-ups' triggers take a
    // block's rows per year, and a clock's deadline can fall in the next year): it is run again.
    return options.within ? run(options.within) : retryingDeadlocks(() => this.prisma.$transaction(run));
  }

  /** A retry of a transition that already happened answers the case as it is now; anything else is stale. */
  private async replayOrStale(
    db: Prisma.TransactionClient | EscalationsPrisma,
    currentVersion: number,
    id: string,
    expectedVersion: number,
    actor: Actor,
    input: TransitionInput,
  ): Promise<"replayed"> {
    if (currentVersion > expectedVersion) {
      const event = await db.caseEvent.findUnique({
        where: { caseId_sequence: { caseId: id, sequence: expectedVersion + 1 } },
        select: { actor: true, input: true },
      });
      if (event && event.actor === actor && sameInput(event.input, input)) return "replayed";
    }
    throw stale(currentVersion);
  }
}

function sameInput(recorded: unknown, input: TransitionInput): boolean {
  if (!recorded || typeof recorded !== "object") return false;
  const fields = recorded as Record<string, unknown>;
  const keys = Object.keys(input) as (keyof TransitionInput)[];
  return Object.keys(fields).length === keys.length && keys.every((key) => fields[key] === input[key]);
}

function optionalText(value: string | null | undefined, field: string): string | null {
  const text = value?.trim();
  if (!text) return null;
  if (text.length > TEXT_LIMIT) throw badUserInput(`"${field}" is longer than ${TEXT_LIMIT} characters.`, { field });
  return text;
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

function movedTo(
  tier: Tier,
  holderCode: string,
  at: Date,
  deadlines: { responseDueAt: Date; dueAt: Date; deadlineProvisional: boolean },
) {
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
