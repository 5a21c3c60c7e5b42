// Households visited per block in a period, for the published open-data tables. The blocks subgraph
// asks for them with a service token once per quarter (the tables are stored when first published),
// suppresses the small cells across the whole tree and publishes what is left; the raw counts are
// for the deployment's own services only (@inaccessible: the gateway never offers it).
import { badUserInput, forbidden } from "@grassroots/platform";
import { builder } from "../builder";

interface BlockVisitedCount {
  blockCode: string;
  visited: number;
}

const BlockVisitedCountRef = builder.objectRef<BlockVisitedCount>("BlockVisitedCount").implement({
  inaccessible: true,
  description: "Distinct households of a block visited there in the period.",
  fields: (t) => ({ blockCode: t.exposeID("blockCode"), visited: t.exposeInt("visited") }),
});

const dayOf = (day: Date) => day.toISOString().slice(0, 10);

builder.queryField("visitedHouseholdCountsPerBlock", (t) =>
  t.field({
    type: [BlockVisitedCountRef],
    inaccessible: true,
    description:
      "Every block's distinct households visited from the start of day `from` to the start of day `to` (Asia/Shanghai); internal: service tokens only.",
    args: { from: t.arg({ type: "Date", required: true }), to: t.arg({ type: "Date", required: true }) },
    resolve: (_root, { from, to }, context) => {
      if (!context.access.isService) throw forbidden();
      if (to <= from) throw badUserInput("`to` is a later day than `from`.", { field: "to" });
      // The visits of one period, read once per quarter (its tables are stored when first published).
      return context.prisma.$queryRaw<BlockVisitedCount[]>`
        SELECT place_code AS "blockCode", count(DISTINCT household_id)::int AS visited
        FROM visit
        WHERE household_id IS NOT NULL AND length(place_code) = 15
          AND occurred_at >= (${dayOf(from)}::date::timestamp AT TIME ZONE 'Asia/Shanghai')
          AND occurred_at < (${dayOf(to)}::date::timestamp AT TIME ZONE 'Asia/Shanghai')
        GROUP BY place_code
        ORDER BY place_code`;
    },
  }),
);
