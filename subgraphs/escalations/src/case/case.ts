// Cases (民情事项) and their ledger: where each waits in the four-tier chain, its clocks, its events.

import { codeProblem } from "@grassroots/jurisdiction";
import { absentAsForbidden, badUserInput, isUuid, parseUuid, resolveConnection } from "@grassroots/platform";
import { CASE_CATEGORIES } from "@grassroots/vocabulary";
import { builder } from "../builder";
import type { Context } from "../context";
import { Block, Department, Household, Visit } from "../external";
import type { Case as CaseRow, Prisma } from "../generated/prisma/client";
import { visibleCasesWhere } from "./access";

export const Tier = builder.enumType("Tier", {
  description: "The four-tier chain (四级联动): block → community → street → district department.",
  values: ["BLOCK", "COMMUNITY", "STREET", "DEPARTMENT"] as const,
});
export const CaseStatus = builder.enumType("CaseStatus", {
  description:
    "OPEN (waiting at a tier) → ACCEPTED (holder committed) → RESOLVED (holder says done) → CLOSED (resident satisfied); WITHDRAWN at the resident's wish; MERGED into another case of the same problem (mergedInto).",
  values: ["OPEN", "ACCEPTED", "RESOLVED", "CLOSED", "WITHDRAWN", "MERGED"] as const,
});
export const CaseCategory = builder.enumType("CaseCategory", {
  description: "What a case is about; at the district tier it decides which department receives it.",
  values: CASE_CATEGORIES,
});
export const CaseChannel = builder.enumType("CaseChannel", {
  values: ["HOME_VISIT", "RECEPTION", "ONLINE", "HOTLINE", "BLOCK_TEAM"] as const,
});
export const RevisitOutcome = builder.enumType("RevisitOutcome", {
  description:
    "Only SATISFIED closes a case; UNREACHABLE and UNREASONABLE_REQUEST are recorded as such and never count as satisfied.",
  values: ["SATISFIED", "NOT_SATISFIED", "UNREACHABLE", "UNREASONABLE_REQUEST"] as const,
});
const CaseEventKind = builder.enumType("CaseEventKind", {
  values: [
    "RAISED",
    "ACCEPTED",
    "ESCALATED",
    "TRANSFERRED",
    "RESOLVED",
    "REVISITED",
    "REOPENED",
    "CLOSED",
    "WITHDRAWN",
    "MERGED",
    "DUPLICATE_MERGED",
  ] as const,
  description: "MERGED on a case closed into another as its duplicate; DUPLICATE_MERGED on the case it went into.",
});

const seeCase = (c: CaseRow) => ({ seeCase: c });
const readText = (c: CaseRow) => ({ readCaseText: c });

export const Case = builder.prismaObject("Case", {
  authScopes: seeCase,
  fields: (t) => ({
    id: t.exposeID("id"),
    block: t.field({ type: Block, resolve: (c) => ({ code: c.blockCode }) }),
    household: t.field({ type: Household, nullable: true, resolve: (c) => (c.householdId ? { id: c.householdId } : null) }),
    originVisit: t.field({
      type: Visit,
      nullable: true,
      description: "The visit (reception, home visit, online, hotline) the case was raised from.",
      resolve: (c) => (c.visitId ? { id: c.visitId } : null),
    }),
    channel: t.expose("channel", { type: CaseChannel }),
    category: t.expose("category", { type: CaseCategory }),
    description: t.exposeString("description", {
      nullable: true,
      description:
        "The resident's problem in their words: personal data, only for those who serve the household or hold the case.",
      authScopes: readText,
    }),
    tier: t.expose("tier", { type: Tier }),
    holderCode: t.exposeID("holderCode", {
      description: "Who holds the case now: a block, community or street code, or a department id at the DEPARTMENT tier.",
    }),
    holderDepartment: t.field({
      type: Department,
      nullable: true,
      resolve: (c) => (c.tier === "DEPARTMENT" ? { id: c.holderCode } : null),
    }),
    status: t.expose("status", { type: CaseStatus }),
    raisedAt: t.expose("raisedAt", { type: "DateTime" }),
    tierEnteredAt: t.expose("tierEnteredAt", {
      type: "DateTime",
      description: "When the case reached its current tier; the clock restarts at each tier.",
    }),
    responseDueAt: t.expose("responseDueAt", {
      type: "DateTime",
      description: "Acceptance is due by then: 1 working day after reaching the tier.",
    }),
    dueAt: t.expose("dueAt", {
      type: "DateTime",
      description: "The end of the tier's time limit in working days (Asia/Shanghai).",
    }),
    deadlineProvisional: t.exposeBoolean("deadlineProvisional", {
      description:
        "True when dueAt (and responseDueAt) were counted across a year whose official holiday arrangement was not yet known: they follow the law's holidays alone and stay as computed.",
    }),
    overdue: t.boolean({
      description: "OPEN or ACCEPTED and past dueAt.",
      resolve: (c, _args, context) => (c.status === "OPEN" || c.status === "ACCEPTED") && c.dueAt < context.clock.now(),
    }),
    commitmentDate: t.expose("commitmentDate", {
      type: "Date",
      nullable: true,
      description: "The date the holder publicly committed to (承诺).",
    }),
    commitmentNote: t.exposeString("commitmentNote", { nullable: true, authScopes: (c) => ({ readCaseText: c }) }),
    resolution: t.exposeString("resolution", {
      nullable: true,
      description: "What was done.",
      authScopes: readText,
    }),
    resolvedAt: t.expose("resolvedAt", { type: "DateTime", nullable: true }),
    closedAt: t.expose("closedAt", { type: "DateTime", nullable: true }),
    transfersAtTier: t.exposeInt("transfersAtTier", {
      description: "Sideways moves at this tier; after two, the tier above must arbitrate.",
    }),
    mergedAt: t.expose("mergedAt", { type: "DateTime", nullable: true }),
    version: t.exposeInt("version", { description: "Pass it back as expectedVersion: a stale one is a CONFLICT." }),
    clocks: t.relation("clocks", {
      description: "Every tier's clock, oldest first: the full lineage of deadlines.",
      query: { orderBy: { sequence: "asc" } },
    }),
    events: t.relation("events", {
      description: "The append-only audit trail, oldest first. Reasons may name residents: for those who may read case texts.",
      nullable: true,
      authScopes: readText,
      query: { orderBy: { sequence: "asc" } },
    }),
    revisits: t.relation("revisits", {
      nullable: true,
      authScopes: readText,
      query: { orderBy: { at: "asc" } },
    }),
  }),
});

builder.prismaObject("TierClock", {
  fields: (t) => ({
    sequence: t.exposeInt("sequence"),
    tier: t.expose("tier", { type: Tier }),
    holderCode: t.exposeID("holderCode"),
    startedAt: t.expose("startedAt", { type: "DateTime" }),
    responseDueAt: t.expose("responseDueAt", { type: "DateTime" }),
    dueAt: t.expose("dueAt", { type: "DateTime" }),
    acceptedAt: t.expose("acceptedAt", { type: "DateTime", nullable: true }),
    endedAt: t.expose("endedAt", { type: "DateTime", nullable: true }),
  }),
});

builder.prismaObject("CaseEvent", {
  fields: (t) => ({
    sequence: t.exposeInt("sequence"),
    kind: t.expose("kind", { type: CaseEventKind }),
    actor: t.exposeString("actor", { description: "The token subject who acted, or system:sweeper." }),
    at: t.expose("at", { type: "DateTime" }),
    fromStatus: t.expose("fromStatus", { type: CaseStatus, nullable: true }),
    toStatus: t.expose("toStatus", { type: CaseStatus }),
    fromTier: t.expose("fromTier", { type: Tier, nullable: true }),
    toTier: t.expose("toTier", { type: Tier }),
    fromHolder: t.exposeID("fromHolder", { nullable: true }),
    toHolder: t.exposeID("toHolder"),
    reason: t.exposeString("reason", { nullable: true }),
  }),
});

builder.prismaObject("Revisit", {
  fields: (t) => ({
    outcome: t.expose("outcome", { type: RevisitOutcome }),
    note: t.exposeString("note", { nullable: true }),
    recordedBy: t.exposeString("recordedBy"),
    at: t.expose("at", { type: "DateTime" }),
  }),
});

builder.asEntity(Case, {
  key: builder.selection<{ id: string }>("id"),
  resolveReference: ({ id }, context) => context.loaders.case.load(id),
});

builder.objectField(Household, "cases", (t) =>
  t.field({
    type: [Case],
    description: "Cases raised for this household that you may see, newest first.",
    resolve: (household, _args, context) => context.loaders.casesOfHousehold.load(household.id),
  }),
);

builder.objectField(Visit, "cases", (t) =>
  t.field({
    type: [Case],
    description: "Cases raised from this visit that you may see.",
    resolve: (visit, _args, context) => context.loaders.casesOfVisit.load(visit.id),
  }),
);

const CaseFilter = builder.inputType("CaseFilter", {
  fields: (t) => ({
    scope: t.id({ description: "A jurisdiction code: cases raised in blocks under it." }),
    status: t.field({ type: [CaseStatus] }),
    tier: t.field({ type: [Tier] }),
    category: t.field({ type: [CaseCategory] }),
    overdue: t.boolean(),
    raisedFrom: t.field({ type: "DateTime" }),
    raisedBefore: t.field({ type: "DateTime" }),
  }),
});

builder.queryFields((t) => ({
  case: t.prismaField({
    type: "Case",
    nullable: true,
    description: "A case you may see. Absent and hidden look the same: null and FORBIDDEN.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, { id }, context) => {
      return absentAsForbidden(
        await context.prisma.case.findUnique({ ...query, where: { id: parseUuid(String(id)) } }),
        context.access.isAdmin,
      );
    },
  }),
  cases: t.connection(
    {
      type: Case,
      description:
        "Cases you may see, newest first, filtered; pages of at most 100 (first/after forwards, last/before backwards).",
      args: { filter: t.arg({ type: CaseFilter }) },
      resolve: async (_root, args, context) => {
        const where = casesWhere(args.filter, context);
        const connection = await resolveConnection(args, caseKey, async ({ after, before, limit, inverted }) => {
          const window: Prisma.CaseWhereInput[] = [where];
          // Newest first: "after" a cursor is older, "before" it is newer.
          if (after) window.push(olderThan(parseCaseKey(after, "after")));
          if (before) window.push(newerThan(parseCaseKey(before, "before")));
          const direction = inverted ? "asc" : "desc";
          return context.prisma.case.findMany({
            where: { AND: window },
            orderBy: [{ raisedAt: direction }, { id: direction }],
            take: limit,
          });
        });
        // resolveConnection keeps the nodes load returned: cases.
        return { ...connection, edges: connection.edges as { cursor: string; node: CaseRow }[], where };
      },
    },
    {
      fields: (t) => ({
        totalCount: t.int({
          resolve: (connection, _args, context) =>
            context.prisma.case.count({ where: (connection as unknown as { where: Prisma.CaseWhereInput }).where }),
        }),
      }),
    },
  ),
}));

type Filter = typeof CaseFilter.$inferInput | null | undefined;

/** A case's place in the listing (newest first): when it was raised, then its id. */
function caseKey(c: CaseRow): string {
  return `${c.raisedAt.toISOString()}|${c.id}`;
}

function parseCaseKey(key: string, argument: string): { raisedAt: Date; id: string } {
  const [at, id] = key.split("|");
  const raisedAt = new Date(at ?? "");
  if (!id || !isUuid(id) || Number.isNaN(raisedAt.getTime())) {
    throw badUserInput(`"${argument}" is not a cursor this API returned.`, { field: argument });
  }
  return { raisedAt, id };
}

/** Cases after the key in the listing's order: raised earlier, or at the same time with a smaller id. */
function olderThan(key: { raisedAt: Date; id: string }): Prisma.CaseWhereInput {
  return { OR: [{ raisedAt: { lt: key.raisedAt } }, { raisedAt: key.raisedAt, id: { lt: key.id } }] };
}

function newerThan(key: { raisedAt: Date; id: string }): Prisma.CaseWhereInput {
  return { OR: [{ raisedAt: { gt: key.raisedAt } }, { raisedAt: key.raisedAt, id: { gt: key.id } }] };
}

function casesWhere(filter: Filter, context: Pick<Context, "access" | "clock">): Prisma.CaseWhereInput {
  const where: Prisma.CaseWhereInput[] = [visibleCasesWhere(context.access)];
  if (filter?.scope) {
    const problem = codeProblem(String(filter.scope));
    if (problem) throw badUserInput(problem, { field: "scope" });
    where.push({ blockCode: { startsWith: String(filter.scope) } });
  }
  if (filter?.status?.length) where.push({ status: { in: filter.status } });
  if (filter?.tier?.length) where.push({ tier: { in: filter.tier } });
  if (filter?.category?.length) where.push({ category: { in: filter.category } });
  const open = { status: { in: ["OPEN", "ACCEPTED"] as ("OPEN" | "ACCEPTED")[] } };
  if (filter?.overdue === true) where.push({ ...open, dueAt: { lt: context.clock.now() } });
  if (filter?.overdue === false) where.push({ NOT: { ...open, dueAt: { lt: context.clock.now() } } });
  if (filter?.raisedFrom) where.push({ raisedAt: { gte: filter.raisedFrom } });
  if (filter?.raisedBefore) where.push({ raisedAt: { lt: filter.raisedBefore } });
  if (filter?.raisedFrom && filter.raisedBefore && filter.raisedBefore <= filter.raisedFrom) {
    throw badUserInput("raisedBefore must be later than raisedFrom.", { field: "raisedBefore" });
  }
  return { AND: where };
}
