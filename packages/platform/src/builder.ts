// The one way a subgraph makes its Pothos builder: the same plugins, scalars and conventions in all four.
import SchemaBuilder from "@pothos/core";
import DirectivesPlugin from "@pothos/plugin-directives";
import FederationPlugin from "@pothos/plugin-federation";
import PrismaPlugin, { type PothosPrismaDatamodel } from "@pothos/plugin-prisma";
import RelayPlugin from "@pothos/plugin-relay";
import { DateTimeResolver } from "graphql-scalars";

export type Scalars = {
  DateTime: { Input: Date; Output: Date | string };
};

export interface SubgraphContextBase {
  /** The subgraph's Prisma client: per server, so tests can run several subgraphs in one process. */
  prisma: { $connect: () => Promise<void> };
}

export function createSubgraphBuilder<PrismaTypes extends {}, Context extends SubgraphContextBase>(
  datamodel: PothosPrismaDatamodel,
) {
  const builder = new SchemaBuilder<{
    PrismaTypes: PrismaTypes;
    Context: Context;
    Scalars: Scalars;
    DefaultFieldNullability: false;
    DefaultEdgesNullability: false;
    DefaultNodeNullability: false;
  }>({
    // Fields are non-null unless they say otherwise: absence is a decision, not a default.
    defaultFieldNullability: false,
    // Federation last: it must see the resolvers the other plugins wrap.
    plugins: [DirectivesPlugin, PrismaPlugin, RelayPlugin, FederationPlugin],
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
    },
  });
  builder.addScalarType("DateTime", DateTimeResolver);
  builder.queryType({});
  return builder;
}
