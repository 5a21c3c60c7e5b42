import { printSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLSchema } from "graphql";

/** The subgraph's SDL as composition sees it; Pothos already sorts the schema lexicographically. */
export function printSubgraphSdl(schema: GraphQLSchema): string {
  return `${printSubgraphSchema(schema).trim()}\n`;
}
