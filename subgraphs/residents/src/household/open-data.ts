// Household counts per block for the published open-data tables. The blocks subgraph asks for them
// with a service token, suppresses the small cells across the whole tree and publishes what is left;
// the raw counts are for the deployment's own services only (@inaccessible: the gateway never offers it).
import { forbidden } from "@grassroots/platform";
import { builder } from "../builder";

interface BlockHouseholdCounts {
  blockCode: string;
  households: number;
}

const BlockHouseholdCountsRef = builder.objectRef<BlockHouseholdCounts>("BlockHouseholdCounts").implement({
  inaccessible: true,
  description: "A block's households now, from the roll-up the triggers keep.",
  fields: (t) => ({
    blockCode: t.exposeID("blockCode"),
    households: t.exposeInt("households"),
  }),
});

builder.queryField("householdCountsPerBlock", (t) =>
  t.field({
    type: [BlockHouseholdCountsRef],
    inaccessible: true,
    description: "Every block's household counts now (internal: service tokens only).",
    resolve: (_root, _args, context) => {
      if (!context.access.isService) throw forbidden();
      return context.prisma.$queryRaw<BlockHouseholdCounts[]>`
        SELECT block_code AS "blockCode", households FROM block_households ORDER BY block_code`;
    },
  }),
);
