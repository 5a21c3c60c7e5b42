// 结对帮扶 coverage on places: of the households in need under a place, how many have an active pairing.
import { placeFigure } from "@grassroots/access";
import { builder } from "../builder";
import { Block, Community, District, Street } from "../external";

export interface Coverage {
  householdsInNeed: number;
  pairedHouseholds: number;
}

const PairingCoverage = builder.objectRef<Coverage>("PairingCoverage").implement({
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
  builder.objectField(place, "pairingCoverage", (t) =>
    t.field({
      type: PairingCoverage,
      description:
        "Households in need under this place with an active pairing / households in need (one SQL aggregate for all places asked at once). With asOf (a day, Asia/Shanghai): of the households in need now (needs keep no history), those with a pairing accepted on or before that day and not ended on or before it.",
      args: { asOf: t.arg({ type: "Date" }) },
      resolve: (parent, { asOf }, context) =>
        placeFigure(context, parent.code, () =>
          asOf
            ? context.loaders.pairingCoverageAsOf(asOf.toISOString().slice(0, 10)).load(parent.code)
            : context.loaders.placeHouseholds.load(parent.code),
        ),
    }),
  );
}
