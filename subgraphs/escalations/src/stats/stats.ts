// caseStats on every level of place: the dashboard's numbers, computed by the database.
import { badUserInput } from "@grassroots/platform";
import { builder } from "../builder";
import { Block, Community, District, Street } from "../external";
import type { CaseStatsRow } from "./loaders";

const rate = (numerator: number, denominator: number) => (denominator === 0 ? null : numerator / denominator);

const OpenByTier = builder.objectRef<CaseStatsRow>("OpenCasesByTier").implement({
  description: "OPEN and ACCEPTED cases by the tier holding them now.",
  fields: (t) => ({
    block: t.exposeInt("openBlock"),
    community: t.exposeInt("openCommunity"),
    street: t.exposeInt("openStreet"),
    department: t.exposeInt("openDepartment"),
  }),
});

const CaseStats = builder.objectRef<CaseStatsRow>("CaseStats").implement({
  description:
    "Cases raised in blocks under a place (in the period, when given). Withdrawn cases are left out of every figure; open and overdue cases count in every denominator.",
  fields: (t) => ({
    raised: t.exposeInt("raised", { description: "Cases raised (not withdrawn)." }),
    open: t.exposeInt("open", { description: "OPEN or ACCEPTED now." }),
    overdue: t.exposeInt("overdue", { description: "OPEN or ACCEPTED and past their tier's time limit." }),
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
      authScopes: (parent) => ({ readPlace: parent.code }),
      args: { period: t.arg({ type: PeriodInput }) },
      resolve: (parent, { period }, context) => {
        const from = period?.from ?? null;
        const to = period?.to ?? null;
        if (from && to && to <= from) throw badUserInput("The period must end after it starts.", { field: "period" });
        return context.loaders.stats({ from, to }).load(parent.code);
      },
    }),
  );
}
