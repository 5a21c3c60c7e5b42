// What a request costs, weighing list sizes, so that the heaviest query a caller may send is
// bounded: every field costs 1, and a list multiplies the cost of what it selects by the number of
// items it may return. `first`/`last` on a connection (or a list that takes them) is that number;
// without them the page size the subgraphs default to; a list without paging arguments (a
// district's streets, a block's team) counts as LIST_ITEMS items. Refused before planning with
// BAD_USER_INPUT, HTTP 400, the cost and the limit.
import type { ApolloServerPlugin } from "@apollo/server";
import { costCache, DEFAULT_PAGE_ITEMS, LIST_ITEMS, listSizeEstimator, operationCost } from "@grassroots/platform";
import { GraphQLError } from "graphql";
import type { CallerLimiter } from "./caller-limit";
import type { GatewayContext } from "./context";
import { type HeavyLane, laneKey } from "./heavy-lane";

// The weights are shared with the subgraphs, which enforce the same limit (packages/platform/src/request-limits.ts).
export { DEFAULT_PAGE_ITEMS, LIST_ITEMS, listSizeEstimator, operationCost };

const HEAVY_LANE = "heavy lane";

const refusal = (message: string) => new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT", http: { status: 400 } } });

/**
 * Refuses an operation over maxCost, then waits for the caller's turn (src/caller-limit.ts), which
 * its cost weighs, and for a heavy operation a turn of the heavy lane (src/heavy-lane.ts): before
 * anything is planned or any subgraph asked.
 */
export function costLimitPlugin(
  maxCost: number,
  callers: CallerLimiter,
  heavy?: { cost: number; turns: CallerLimiter; lane: HeavyLane },
): ApolloServerPlugin<GatewayContext> {
  const weigh = costCache();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName, contextValue }) {
          let cost: number;
          try {
            cost = weigh({
              schema,
              query: document,
              variables: request.variables ?? {},
              operationName: operationName ?? undefined,
            });
          } catch (error) {
            // Variables that do not fit the operation (graphql's coercion message, as Apollo answers
            // it). Once the operation is weighed they are refused by Apollo Gateway's own check of
            // the variables (validateIncomingRequest), as BAD_USER_INPUT too.
            throw refusal((error as Error).message);
          }
          if (cost > maxCost) {
            throw refusal(
              `This query costs ${cost}, over the limit of ${maxCost}: every list multiplies the cost of what it selects by the items it may return (first/last, ${DEFAULT_PAGE_ITEMS} without them, ${LIST_ITEMS} for lists without paging). Ask for fewer items or fewer places at once.`,
            );
          }
          contextValue.cost = cost;
          contextValue.holdTurn(await callers.acquire(contextValue.caller, cost));
          // Heavy operations also take one of the heavy lane's few turns, shared by every caller, unless
          // the same caller's identical operation is running there now: then they share its run.
          if (heavy && cost >= heavy.cost) {
            const key = laneKey(contextValue, request.query ?? "", operationName, request.variables);
            contextValue.sharedRun = heavy.lane.runningAs(key);
            if (!contextValue.sharedRun) contextValue.holdTurn(await heavy.turns.acquire(HEAVY_LANE));
          }
        },
      };
    },
  };
}
