import { type BaseAuthScopes, baseScopes } from "@grassroots/access";
import { createSubgraphBuilder } from "@grassroots/platform";
import type { Context } from "./context";
import type PrismaTypes from "./generated/pothos-types";
import { getDatamodel } from "./generated/pothos-types";

interface AuthScopes extends BaseAuthScopes {
  /** A household the viewer may see: they serve its block, or their organisation is paired with it. */
  seeHousehold: { id: string; blockCode: string };
}

export const builder = createSubgraphBuilder<PrismaTypes, Context, AuthScopes>(getDatamodel(), (context) => ({
  ...baseScopes(context.access),
  seeHousehold: async (household) => {
    if (context.access.servesBlock(household.blockCode)) return true;
    if (!context.access.partnerId) return false;
    return context.access.canSeeHousehold(household.blockCode, await context.loaders.activePartners.load(household.id));
  },
}));
