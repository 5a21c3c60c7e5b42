import { type BaseAuthScopes, baseScopes } from "@grassroots/access";
import { createSubgraphBuilder } from "@grassroots/platform";
import type { Context } from "./context";
import type PrismaTypes from "./generated/pothos-types";
import { getDatamodel } from "./generated/pothos-types";

interface AuthScopes extends BaseAuthScopes {
  /** A household the viewer may see: they serve its block. Partners never see households (see myPairings). */
  seeHousehold: { blockCode: string };
}

export const builder = createSubgraphBuilder<PrismaTypes, Context, AuthScopes>(getDatamodel(), (context) => ({
  ...baseScopes(context.access),
  seeHousehold: (household) => context.access.canSeeHousehold(household.blockCode),
}));
