// Visited households per block for the published open-data tables. The blocks subgraph asks for them
// with a service token, suppresses the small cells across the whole tree and publishes what is left;
// the raw counts are for the deployment's own services only (@inaccessible: the gateway never offers it).
import { BLOCK_CODE_LENGTH } from "@grassroots/jurisdiction";
import { forbidden } from "@grassroots/platform";
import { builder } from "../builder";
import { coveredPerBlock } from "./loaders";

interface BlockVisitedCount {
  blockCode: string;
  visited: number;
}

const BlockVisitedCountRef = builder.objectRef<BlockVisitedCount>("BlockVisitedCount").implement({
  inaccessible: true,
  description: "Households of a block visited there in the year up to a day, as visitCoverage(asOf) counts them.",
  fields: (t) => ({ blockCode: t.exposeID("blockCode"), visited: t.exposeInt("visited") }),
});

const EVERY_BLOCK = { from: "0".repeat(BLOCK_CODE_LENGTH), to: "9".repeat(BLOCK_CODE_LENGTH) };

builder.queryField("visitedHouseholdCountsPerBlock", (t) =>
  t.field({
    type: [BlockVisitedCountRef],
    inaccessible: true,
    description: "Every block's households covered at the end of a day (internal: service tokens only).",
    args: { asOf: t.arg({ type: "Date", required: true }) },
    resolve: async (_root, { asOf }, context) => {
      if (!context.access.isService) throw forbidden();
      const rows = await context.prisma.$queryRaw<{ block_code: string; visited: number }[]>(
        coveredPerBlock(asOf.toISOString().slice(0, 10), EVERY_BLOCK),
      );
      return rows.filter((row) => row.visited > 0).map((row) => ({ blockCode: row.block_code, visited: row.visited }));
    },
  }),
);
