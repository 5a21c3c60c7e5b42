import { type BaseAuthScopes, baseScopes } from "@grassroots/access";
import { createSubgraphBuilder } from "@grassroots/platform";
import type { Context } from "./context";
import type PrismaTypes from "./generated/pothos-types";
import { getDatamodel } from "./generated/pothos-types";
import { readsVisits } from "./visit/access";

interface AuthScopes extends BaseAuthScopes {
  /** Whether the viewer reads visits at all (what they see is then narrowed to their place). */
  readVisits: boolean;
  /** The viewer logged this (the token subject recorded on it): a logger always reads their own entry. */
  loggedBy: string;
}

export const builder = createSubgraphBuilder<PrismaTypes, Context, AuthScopes>(getDatamodel(), (context) => ({
  ...baseScopes(context.access),
  readVisits: readsVisits(context.access),
  loggedBy: (subject) => context.access.viewer?.subject === subject,
}));

// Creating mutations need a signed-in caller; each then checks what that caller may do.
builder.mutationType({ authScopes: { authenticated: true } });
