// The blocks subgraph owns the tree; here its places gain what the residents database knows:
// how many households live under each place, a block's households, how many partner members live
// there and how many of its households in need are paired. Each count is one statement for all
// places asked at once, whatever their number and level.
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

const PairingCoverage = builder.objectRef<{ householdsInNeed: number; pairedHouseholds: number }>("PairingCoverage").implement({
  description: "结对帮扶 coverage of a place: rate = pairedHouseholds / householdsInNeed.",
  fields: (t) => ({
    householdsInNeed: t.exposeInt("householdsInNeed", {
      description: "Households under the place whose needs list is not empty.",
    }),
    pairedHouseholds: t.exposeInt("pairedHouseholds", { description: "Of those, households with at least one ACTIVE pairing." }),
    rate: t.float({
      nullable: true,
      description: "pairedHouseholds / householdsInNeed, from 0 to 1; null when the place has no household in need.",
      resolve: ({ householdsInNeed, pairedHouseholds }) => (householdsInNeed === 0 ? null : pairedHouseholds / householdsInNeed),
    }),
  }),
});

for (const place of [District, Street, Community, Block]) {
  builder.objectFields(place, (t) => ({
    pairingCoverage: t.field({
      type: PairingCoverage,
      description:
        "Households in need under this place with an active pairing / households in need (one SQL aggregate for all places asked at once).",
      authScopes: (place) => ({ readPlace: place.code }),
      resolve: (parent, _args, context) => context.loaders.pairingCoverage.load(parent.code),
    }),
    partnerMemberCount: t.int({
      description:
        "Members of partner organisations registered as living under this place (双报到; one GROUP BY for all places asked).",
      authScopes: (place) => ({ readPlace: place.code }),
      resolve: (parent, _args, context) => context.loaders.partnerMemberCount.load(parent.code),
    }),
  }));
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
