// The one way a subgraph makes its Pothos builder: the same plugins, scalars and conventions in all four.
import SchemaBuilder from "@pothos/core";
import DirectivesPlugin from "@pothos/plugin-directives";
import FederationPlugin from "@pothos/plugin-federation";
import PrismaPlugin, { type PothosPrismaDatamodel } from "@pothos/plugin-prisma";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import { DateResolver, DateTimeResolver } from "graphql-scalars";
import { refused } from "./errors";
import { strictDateParsing, strictDateTimeParsing } from "./inputs";

export type Scalars = {
  DateTime: { Input: Date; Output: Date | string };
  /** A calendar date (YYYY-MM-DD), e.g. a commitment date. */
  Date: { Input: Date; Output: Date | string };
};

export interface SubgraphContextBase {
  /** The subgraph's Prisma client: per server, so tests can run several subgraphs in one process. */
  prisma: { $connect: () => Promise<void> };
  /** Whether the request carried a valid user token: decides UNAUTHENTICATED versus FORBIDDEN. */
  authenticated: boolean;
}

/** For each scope, whether the request has it, or how to decide for a given parameter. */
export type ScopeLoaders<AuthScopes> = {
  [Scope in keyof AuthScopes]: boolean | ((parameter: AuthScopes[Scope]) => boolean | Promise<boolean>);
};

export function createSubgraphBuilder<
  PrismaTypes extends {},
  Context extends SubgraphContextBase,
  AuthScopes extends { authenticated: boolean },
>(datamodel: PothosPrismaDatamodel, authScopes: (context: Context) => ScopeLoaders<AuthScopes>) {
  const builder = new SchemaBuilder<{
    PrismaTypes: PrismaTypes;
    Context: Context;
    AuthScopes: AuthScopes;
    Scalars: Scalars;
    DefaultFieldNullability: false;
    DefaultEdgesNullability: false;
    DefaultNodeNullability: false;
  }>({
    // Auth first so it wraps every resolver; federation last so it sees the wrapped ones.
    plugins: [ScopeAuthPlugin, DirectivesPlugin, PrismaPlugin, RelayPlugin, FederationPlugin],
    scopeAuth: {
      // Pothos's own loader-map type cannot be expressed over a generic AuthScopes; ScopeLoaders is it.
      authScopes: authScopes as never,
      // Checked when an object is resolved, so a hidden record is one null and one error, not one per field.
      runScopesOnType: true,
      unauthorizedError: (_parent, context) => refused(context),
    },
    // Fields are non-null unless they say otherwise: absence is a decision, not a default.
    defaultFieldNullability: false,
    prisma: {
      client: (context) => context.prisma as never,
      dmmf: datamodel,
      exposeDescriptions: true,
      filterConnectionTotalCount: true,
      // A resolver that forgets to spread `query` loads relations one parent at a time: fail in tests.
      onUnusedQuery: process.env.NODE_ENV === "production" ? null : "error",
    },
    relay: {
      clientMutationId: "omit",
      cursorType: "String",
      edgesFieldOptions: { nullable: false },
      nodeFieldOptions: { nullable: false },
      // Several subgraphs serve connections: their PageInfo must be one shared type.
      pageInfoTypeOptions: { shareable: true },
    },
  });
  // graphql-scalars' own, refusing years outside 1–9999 (BAD_USER_INPUT) before PostgreSQL sees them.
  builder.addScalarType("DateTime", DateTimeResolver, strictDateTimeParsing);
  builder.addScalarType("Date", DateResolver, strictDateParsing);
  // Every root field needs a signed-in caller unless it says otherwise (public partner registration).
  builder.queryType({ authScopes: { authenticated: true } as never });
  return builder;
}
