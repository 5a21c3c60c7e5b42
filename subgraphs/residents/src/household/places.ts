// The blocks subgraph owns the tree; here its places gain how many households live under each: one
// statement for all places asked at once, whatever their number and level.
import { placeFigure } from "@grassroots/access";
import { builder } from "../builder";
import { Block, Community, District, Street } from "../external";

for (const place of [District, Street, Community, Block]) {
  builder.objectField(place, "householdCount", (t) =>
    t.int({
      description: "Households registered under this place (one GROUP BY for all places asked at once).",
      resolve: (parent, _args, context) =>
        placeFigure(context, parent.code, async () => (await context.loaders.placeHouseholds.load(parent.code)).households),
    }),
  );
}
