import { type BaseAuthScopes, baseScopes } from "@grassroots/access";
import { createSubgraphBuilder } from "@grassroots/platform";
import { canReadCaseText, canSeeCase } from "./case/access";
import type { Context } from "./context";
import type PrismaTypes from "./generated/pothos-types";
import { getDatamodel } from "./generated/pothos-types";
import type { Case } from "./generated/prisma/client";

type CaseKey = Pick<Case, "id" | "blockCode" | "tier" | "holderCode" | "reach">;

interface AuthScopes extends BaseAuthScopes {
  seeCase: CaseKey;
  readCaseText: CaseKey;
}

export const builder = createSubgraphBuilder<PrismaTypes, Context, AuthScopes>(getDatamodel(), (context) => ({
  ...baseScopes(context.access),
  seeCase: (c) => context.actedOn.has(c.id) || canSeeCase(context.access, c),
  readCaseText: (c) => context.actedOn.has(c.id) || canReadCaseText(context.access, c),
}));

builder.mutationType({ authScopes: { authenticated: true } });
