// Case counts per block for the published open-data tables. The blocks subgraph asks for them with a
// service token, suppresses the small cells across the whole tree and publishes what is left; the
// raw counts are for the deployment's own services only (@inaccessible: the gateway never offers it).
import { badUserInput, forbidden } from "@grassroots/platform";
import { builder } from "../builder";

interface BlockCaseCounts {
  blockCode: string;
  raised: number;
}

const BlockCaseCountsRef = builder.objectRef<BlockCaseCounts>("BlockCaseCounts").implement({
  inaccessible: true,
  description: "Cases raised in a block in the months asked, as caseStats counts them (withdrawn and merged left out).",
  fields: (t) => ({
    blockCode: t.exposeID("blockCode"),
    raised: t.exposeInt("raised"),
  }),
});

const isMonthStart = (day: Date) => day.getUTCDate() === 1;
const dayOf = (day: Date) => day.toISOString().slice(0, 10);

builder.queryField("caseCountsPerBlock", (t) =>
  t.field({
    type: [BlockCaseCountsRef],
    inaccessible: true,
    description: "Every block's case counts for the whole months from `from` up to `to` (internal: service tokens only).",
    args: { from: t.arg({ type: "Date", required: true }), to: t.arg({ type: "Date", required: true }) },
    resolve: async (_root, { from, to }, context) => {
      if (!context.access.isService) throw forbidden();
      if (!isMonthStart(from)) throw badUserInput("`from` is the first day of a month.", { field: "from" });
      if (!isMonthStart(to) || to <= from) throw badUserInput("`to` is the first day of a later month.", { field: "to" });
      // The month buckets the triggers keep: blocks × months, never the cases.
      return context.prisma.$queryRaw<BlockCaseCounts[]>`
        SELECT block_code AS "blockCode", sum(raised)::int AS raised
        FROM case_block_month
        WHERE month >= ${dayOf(from)}::date AND month < ${dayOf(to)}::date
        GROUP BY block_code
        ORDER BY block_code`;
    },
  }),
);
