// What one request may ask of the graph. A dashboard walking the whole district
// (district → streets → communities → blocks → households → residents) fits well inside.
import { ApolloArmor } from "@escape.tech/graphql-armor";
import type { ParseOptions } from "graphql";

export const REQUEST_LIMITS = {
  bodyBytes: "100kb",
  depth: 12,
  aliases: 20,
  tokens: 5000,
  directives: 20,
  cost: 50_000,
  subgraphTimeoutMs: Number(process.env.SUBGRAPH_TIMEOUT_MS ?? 10_000),
};

/**
 * The token limit is graphql-js's own, applied by Apollo Server's parse: a document over it is a
 * parse failure like any other (400 GRAPHQL_PARSE_FAILED with a location).
 */
export const PARSE_OPTIONS: ParseOptions = { maxTokens: REQUEST_LIMITS.tokens };

export function armor() {
  return new ApolloArmor({
    maxDepth: { n: REQUEST_LIMITS.depth, ignoreIntrospection: true },
    maxAliases: { n: REQUEST_LIMITS.aliases },
    // Not armor's: its Apollo plugin parses the document a second time in parsingDidStart, and a
    // hook that throws there is an unexpected failure to Apollo, so every syntax error came out as
    // HTTP 500 GRAPHQL_VALIDATION_FAILED without a location. PARSE_OPTIONS enforces the limit.
    maxTokens: { enabled: false },
    maxDirectives: { n: REQUEST_LIMITS.directives },
    costLimit: { maxCost: REQUEST_LIMITS.cost },
    // Suggestions ("did you mean …") would let a stranger map the schema. The error mask strips them:
    // armor's own plugin rewrites every error's message and fails on errors whose message is read-only
    // (a subgraph timeout's), turning them into a second, unlogged failure.
    blockFieldSuggestion: { enabled: false },
  }).protect();
}
