// What one request may ask of the graph. A dashboard walking the whole district
// (district → streets → communities → blocks → households → residents) fits well inside.
import { ApolloArmor } from "@escape.tech/graphql-armor";

export const REQUEST_LIMITS = {
  bodyBytes: "100kb",
  depth: 12,
  aliases: 20,
  tokens: 5000,
  directives: 20,
  cost: 50_000,
  subgraphTimeoutMs: Number(process.env.SUBGRAPH_TIMEOUT_MS ?? 10_000),
};

export function armor() {
  return new ApolloArmor({
    maxDepth: { n: REQUEST_LIMITS.depth, ignoreIntrospection: true },
    maxAliases: { n: REQUEST_LIMITS.aliases },
    maxTokens: { n: REQUEST_LIMITS.tokens },
    maxDirectives: { n: REQUEST_LIMITS.directives },
    costLimit: { maxCost: REQUEST_LIMITS.cost },
    // Suggestions ("did you mean …") would let a stranger map the schema. The error mask strips them:
    // armor's own plugin rewrites every error's message and fails on errors whose message is read-only
    // (a subgraph timeout's), turning them into a second, unlogged failure.
    blockFieldSuggestion: { enabled: false },
  }).protect();
}
