// Visit coverage (走访覆盖率) of every level of place: the share of its households visited in the last
// 12 months, against the target. The denominator is the residents subgraph's householdCount, which
// the gateway fetches first (@requires); the numerator is one SQL statement for all places asked.
import { placeFigure } from "@grassroots/access";
import { builder } from "../builder";
import { Block, Community, District, Street } from "../external";
import { COVERAGE_WINDOW_MONTHS, type CoverageTargets, coverageTarget, LARGE_PLACE_TARGET } from "./targets";

interface Coverage {
  households: number;
  visitedHouseholds: number;
  target: number;
  targets: CoverageTargets;
}

const VisitCoverage = builder.objectRef<Coverage>("VisitCoverage").implement({
  description:
    `Households visited in the last ${COVERAGE_WINDOW_MONTHS} months against the target (Tianjin's practice): ` +
    "target = 1 when households <= fullTargetMaxHouseholds (VISIT_COVERAGE_FULL_TARGET_MAX_HOUSEHOLDS, default 300), " +
    `else ${LARGE_PLACE_TARGET}; rate = visitedHouseholds / households (0 when there are no households); ` +
    "requiredHouseholds = ceil(target × households); targetMet = visitedHouseholds >= requiredHouseholds.",
  fields: (t) => ({
    households: t.exposeInt("households", { description: "Households registered under the place (householdCount)." }),
    visitedHouseholds: t.exposeInt("visitedHouseholds", {
      description: "Distinct registered households under the place with a visit that occurred in the window.",
    }),
    rate: t.float({ resolve: (c) => (c.households === 0 ? 0 : c.visitedHouseholds / c.households) }),
    target: t.exposeFloat("target", { description: "The share to reach: 1 or 0.8." }),
    requiredHouseholds: t.int({ resolve: (c) => requiredHouseholds(c) }),
    targetMet: t.boolean({ resolve: (c) => c.visitedHouseholds >= requiredHouseholds(c) }),
    fullTargetMaxHouseholds: t.int({
      description: "Places with at most this many households must visit every one.",
      resolve: (c) => c.targets.fullTargetMaxHouseholds,
    }),
    since: t.field({ type: "DateTime", description: "Start of the window.", resolve: (c) => c.targets.since }),
  }),
});

/** The first day counted as of `asOf` (a UTC-midnight date): the day after asOf − 1 year, at its start in Asia/Shanghai. */
function windowStart(asOf: Date): Date {
  const [year, month, day] = [asOf.getUTCFullYear() - 1, asOf.getUTCMonth(), asOf.getUTCDate()];
  // As PostgreSQL's date - interval '1 year': 29 February gives 28 February.
  const lastOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(day, lastOfMonth) + 1) - 8 * 3600_000);
}

// Whole households; rounding 0.8 × n in floating point must not demand one household too many.
function requiredHouseholds(coverage: Coverage): number {
  return Math.ceil(Math.round(coverage.target * coverage.households * 1e6) / 1e6);
}

for (const place of [District, Street, Community, Block]) {
  place.implement({
    externalFields: (t) => ({ code: t.id(), householdCount: t.int() }),
    fields: (t) => ({
      visitCoverage: t.field({
        type: VisitCoverage,
        description:
          "Share of the place's households visited in the last 12 months, against its target. With asOf (a day, Asia/Shanghai), as of the end of that day: a household counts when it was visited in one of the place's blocks on a day d with d <= asOf < d + 1 year; households is householdCount now (the registry keeps no history), and since is the start of the first day counted.",
        requires: builder.selection<{ householdCount: number }>("householdCount"),
        args: { asOf: t.arg({ type: "Date" }) },
        resolve: (place, { asOf }, context) =>
          placeFigure(context, place.code, async () => {
            const households = place.householdCount;
            if (asOf) {
              const day = asOf.toISOString().slice(0, 10);
              const targets = { ...context.coverage, since: windowStart(asOf) };
              return {
                households,
                visitedHouseholds: await context.loaders.visitedHouseholdsAsOf(day).load(place.code),
                target: coverageTarget(households, targets),
                targets,
              };
            }
            return {
              households,
              visitedHouseholds: await context.loaders.visitedHouseholds.load(place.code),
              target: coverageTarget(households, context.coverage),
              targets: context.coverage,
            };
          }),
      }),
    }),
  });
}
