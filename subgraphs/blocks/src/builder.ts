import { type BaseAuthScopes, baseScopes } from "@grassroots/access";
import { createSubgraphBuilder } from "@grassroots/platform";
import type { Context } from "./context";
import type PrismaTypes from "./generated/pothos-types";
import { getDatamodel } from "./generated/pothos-types";

export const builder = createSubgraphBuilder<PrismaTypes, Context, BaseAuthScopes>(getDatamodel(), (context) =>
  baseScopes(context.access),
);
