// caseStats on every level of place: the dashboard's numbers, computed by the database.

import { placeFigure } from "@grassroots/access";
import { badUserInput, selectedFieldNames } from "@grassroots/platform";
import type { GraphQLResolveInfo } from "graphql";
import { builder } from "../builder";
import { Block, Community, District, Street } from "../external";
import { CASE_FIGURES, type CaseFigure, type CaseStatsRow } from "./loaders";
import { MAX_TREND_MONTHS, type OpenAtRow, type TrendPoint } from "./trends";

const rate = (numerator: number, denominator: number) => (denominator === 0 ? null : numerator / denominator);

const OVERDUE_RATE =
  "overdue ÷ open: the share of OPEN and ACCEPTED cases past their tier's time limit. Null when none are open.";

const OpenByTier = builder
  .objectRef<Pick<CaseStatsRow, "openBlock" | "openCommunity" | "openStreet" | "openDepartment">>("OpenCasesByTier")
  .implement({
    description: "OPEN and ACCEPTED cases by the tier holding them now.",
    fields: (t) => ({
      block: t.exposeInt("openBlock"),
      community: t.exposeInt("openCommunity"),
      street: t.exposeInt("openStreet"),
      department: t.exposeInt("openDepartment"),
    }),
  });

/** The figures each field of CaseStats reads: a request sums only those of the fields it asks. */
const FIGURES_OF_FIELD: Record<string, readonly CaseFigure[]> = {
  raised: ["raised"],
  open: ["open"],
  overdue: ["overdue"],
  overdueRate: ["overdue", "open"],
  openByTier: ["openBlock", "openCommunity", "openStreet", "openDepartment"],
  responseRate: ["responded", "raised"],
  resolutionRate: ["resolved", "raised"],
  satisfactionRate: ["satisfied", "revisits"],
  meanWorkingDaysToClose: ["closeWorkingDays", "closed"],
  closed: ["closed"],
  revisits: ["revisits"],
};

/** figuresAsked per selection: a whole tree's 1,666 places share a few. */
const figuresOfSelection = new WeakMap<GraphQLResolveInfo["fieldNodes"], CaseFigure[]>();

/** The figures the fields selected under caseStats read (a field this map lacks reads them all). */
function figuresAsked(info: GraphQLResolveInfo): CaseFigure[] {
  const known = figuresOfSelection.get(info.fieldNodes);
  if (known) return known;
  const figures = new Set<CaseFigure>();
  for (const field of selectedFieldNames(info)) {
    if (field === "__typename") continue;
    for (const figure of FIGURES_OF_FIELD[field] ?? CASE_FIGURES) figures.add(figure);
  }
  const asked = [...figures];
  figuresOfSelection.set(info.fieldNodes, asked);
  return asked;
}

const CaseStats = builder.objectRef<CaseStatsRow>("CaseStats").implement({
  description:
    "Cases raised in blocks under a place (in the period, when given). Withdrawn and merged cases are left out of every figure (a case merged into another as its duplicate counts once, as the case it went into: raised = cases raised − withdrawn − merged); open and overdue cases count in every denominator.",
  fields: (t) => ({
    raised: t.exposeInt("raised", { description: "Cases raised (not withdrawn)." }),
    open: t.exposeInt("open", { description: "OPEN or ACCEPTED now." }),
    overdue: t.exposeInt("overdue", { description: "OPEN or ACCEPTED and past their tier's time limit." }),
    overdueRate: t.float({ nullable: true, description: OVERDUE_RATE, resolve: (row) => rate(row.overdue, row.open) }),
    openByTier: t.field({ type: OpenByTier, resolve: (row) => row }),
    responseRate: t.float({
      nullable: true,
      description: "Cases accepted within 1 working day of reaching their first tier ÷ cases raised. Null when none were raised.",
      resolve: (row) => rate(row.responded, row.raised),
    }),
    resolutionRate: t.float({
      nullable: true,
      description: "Cases RESOLVED or CLOSED ÷ cases raised.",
      resolve: (row) => rate(row.resolved, row.raised),
    }),
    satisfactionRate: t.float({
      nullable: true,
      description: "SATISFIED revisits ÷ all revisits (unreachable and unreasonable-request revisits count, never as satisfied).",
      resolve: (row) => rate(row.satisfied, row.revisits),
    }),
    meanWorkingDaysToClose: t.float({
      nullable: true,
      description: "Mean working days (Asia/Shanghai calendar) from raising to closing, over CLOSED cases.",
      resolve: (row) => rate(row.closeWorkingDays, row.closed),
    }),
    closed: t.exposeInt("closed"),
    revisits: t.exposeInt("revisits"),
  }),
});

const PeriodInput = builder.inputType("PeriodInput", {
  description:
    "Cases by when they were raised. Any instants; a period whose ends are month starts in Asia/Shanghai (or open) costs only the per-month roll-ups, an end inside a month also counts that month's cases from the rows.",
  fields: (t) => ({
    from: t.field({ type: "DateTime", description: "Cases raised at or after." }),
    to: t.field({ type: "DateTime", description: "Cases raised before." }),
  }),
});

for (const place of [District, Street, Community, Block]) {
  builder.objectField(place, "caseStats", (t) =>
    t.field({
      type: CaseStats,
      description:
        "Case figures of the blocks under this place, from per-block monthly roll-ups kept current with every write. Month-aligned periods (each end a month start in Asia/Shanghai, or open) cost only the roll-ups; an end inside a month adds a count of that partial month's cases.",
      args: { period: t.arg({ type: PeriodInput }) },
      resolve: (parent, { period }, context, info) =>
        placeFigure(context, parent.code, () => {
          const from = period?.from ?? null;
          const to = period?.to ?? null;
          if (from && to && to <= from) throw badUserInput("The period must end after it starts.", { field: "period" });
          return context.loaders.stats({ from, to }, figuresAsked(info)).load(parent.code);
        }),
    }),
  );
}

const CasesOpenAt = builder.objectRef<OpenAtRow>("CasesOpenAt").implement({
  description:
    "Cases raised in blocks under a place that were open (OPEN or ACCEPTED, at some tier) at the end of a day, Asia/Shanghai, from the tier clocks: a clock runs from reaching a tier until the next move, resolution, withdrawal or merge. Cases later withdrawn or merged count while they were open.",
  fields: (t) => ({
    open: t.exposeInt("open"),
    overdue: t.exposeInt("overdue", { description: "Of those, past their tier's time limit (due on or before that day)." }),
    overdueRate: t.float({ nullable: true, description: OVERDUE_RATE, resolve: (row) => rate(row.overdue, row.open) }),
    openByTier: t.field({ type: OpenByTier, description: "By the tier holding them that day.", resolve: (row) => row }),
  }),
});

const CaseTrendDimension = builder.enumType("CaseTrendDimension", {
  description: "CATEGORY: what cases are about. TIER: the tier holding them now (every case is raised at BLOCK).",
  values: ["CATEGORY", "TIER"] as const,
});

const CaseTrendPoint = builder.objectRef<TrendPoint>("CaseTrendPoint").implement({
  description:
    "Cases raised in one month (Asia/Shanghai) with one category or tier, as caseStats counts them (withdrawn and merged left out): over a period's months, the points add up to caseStats of that period.",
  fields: (t) => ({
    month: t.field({ type: "Date", description: "The first day of the month raised.", resolve: (p) => p.month }),
    key: t.exposeString("key", { description: "The category, or the tier." }),
    raised: t.exposeInt("raised"),
    open: t.exposeInt("open", { description: "Of those, OPEN or ACCEPTED now." }),
    resolved: t.exposeInt("resolved", { description: "Of those, RESOLVED or CLOSED now." }),
    closed: t.exposeInt("closed"),
  }),
});

for (const place of [District, Street, Community, Block]) {
  builder.objectField(place, "casesOpenAt", (t) =>
    t.field({
      type: CasesOpenAt,
      description:
        "What was open at the end of a day (Asia/Shanghai): per-block day, month and year changes of the open cases, kept with every write; one statement for all places asked, reading a block's years of history, at most 11 months and 31 days.",
      args: { date: t.arg({ type: "Date", required: true }) },
      resolve: (parent, { date }, context) =>
        placeFigure(context, parent.code, () => context.loaders.openAt(date.toISOString().slice(0, 10)).load(parent.code)),
    }),
  );
  builder.objectField(place, "caseTrend", (t) =>
    t.field({
      type: [CaseTrendPoint],
      description: `Cases raised per month and category or tier over the last \`months\` months (Asia/Shanghai, this month included, at most ${MAX_TREND_MONTHS}), for charts; months and keys without cases are left out. One statement per request for all places asked.`,
      args: {
        months: t.arg.int({ required: true }),
        by: t.arg({ type: CaseTrendDimension, required: true }),
      },
      resolve: (parent, { months, by }, context) =>
        placeFigure(context, parent.code, () => context.loaders.trend(months, by).load(parent.code)),
    }),
  );
}
