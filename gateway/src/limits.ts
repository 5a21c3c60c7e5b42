// What one request may ask of the graph, and how many of one caller's requests run at once. A
// dashboard of the whole district tree with every figure fits well inside.
import { SHAPE_LIMITS, shapeArmor } from "@grassroots/platform";
import type { ParseOptions } from "graphql";
import type { CallerLimitSettings } from "./caller-limit";

export const REQUEST_LIMITS = {
  bodyBytes: "100kb",
  // Depth, aliases, tokens and directives: the same in every subgraph (packages/platform/src/request-limits.ts).
  ...SHAPE_LIMITS,
  /**
   * Weighed by list sizes (src/cost.ts); GATEWAY_MAX_COST. The whole district tree with every figure
   * costs about 11,000; with three households and their residents under every block about 85,000.
   */
  cost: 100_000,
  /** SUBGRAPH_TIMEOUT_MS. */
  subgraphTimeoutMs: 10_000,
  /**
   * Operations costing at least this run on the heavy lane's thread (src/heavy-lane.ts);
   * GATEWAY_HEAVY_COST, 0 for no lane. The whole district tree with every figure (about 11,000) is
   * heavy; the district view (about 1,100) and one block (about 25) are not.
   */
  heavyCost: 5_000,
  /** Heavy operations running at once over all callers; GATEWAY_HEAVY_CONCURRENCY. */
  heavyConcurrency: 1,
};

/**
 * Defaults of the configuration (src/config.ts), which main.ts reads once at start.
 * Per caller (the token's subject; the client address without a token): GATEWAY_CALLER_CONCURRENCY
 * requests run at once, costing together at most GATEWAY_CALLER_COST_IN_FLIGHT (50,000: a caller's
 * heavy queries run one at a time; any one query runs when the caller has nothing else running);
 * GATEWAY_CALLER_QUEUE more wait up to
 * GATEWAY_CALLER_QUEUE_WAIT_MS for a turn.
 */
export const DEFAULT_CALLER_LIMITS: CallerLimitSettings = {
  maxConcurrent: 8,
  maxCostInFlight: 50_000,
  // A phone flushing its queue, or retrying one visit many times at once, waits rather than fails.
  maxQueued: 64,
  maxWaitMs: 5000,
};

/**
 * The token limit is graphql-js's own, applied by Apollo Server's parse: a document over it is a
 * parse failure like any other (400 GRAPHQL_PARSE_FAILED with a location).
 */
export const PARSE_OPTIONS: ParseOptions = { maxTokens: REQUEST_LIMITS.tokens };

export function armor() {
  return shapeArmor(REQUEST_LIMITS);
}
