// The blocks subgraph owns the tree; here its places gain what the residents database knows:
// how many households live under each place, and a block's households.
import { decodeCursor, encodeCursor, pageSize, parseUuid } from "@grassroots/platform";
import { builder } from "../builder";
import { Block, Community, District, Street } from "./external";
import { Household } from "./household";

for (const place of [District, Street, Community, Block]) {
  builder.objectField(place, "householdCount", (t) =>
    t.int({
      description: "Households registered under this place (one GROUP BY for all places asked at once).",
      authScopes: (place) => ({ readPlace: place.code }),
      resolve: (parent, _args, context) => context.loaders.householdCount.load(parent.code),
    }),
  );
}

builder.objectField(Block, "households", (t) =>
  t.connection({
    type: Household,
    description: "The block's households in a stable order; pages of at most 100. For those who serve the block.",
    nullable: true,
    authScopes: (block) => ({ servesBlock: block.code }),
    resolve: async (block, args, context) => {
      const first = pageSize(args.first, 20);
      const afterId = args.after ? parseUuid(decodeCursor(args.after), "after") : null;
      const page = await context.loaders.householdPage(first, afterId).load(block.code);
      const edges = page.households.map((household) => ({ cursor: encodeCursor(household.id), node: household }));
      return {
        edges,
        pageInfo: {
          hasNextPage: page.hasNextPage,
          hasPreviousPage: afterId !== null,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
      };
    },
  }),
);
