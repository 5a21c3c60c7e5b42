// The gateway's request limits, enforced again by every subgraph (src/subgraph.ts), so that the
// supergraph served by Apollo Router or Hive Gateway keeps them: depth, aliases, directives and
// tokens as the gateway counts them (src/request-limits.ts), the cost weighed by list sizes, and the
// number of entities one `_entities` fetch may ask for. Suggestion hiding and error masking come
// from the error mask (src/errors.ts), which every subgraph uses.
//
// A router's fetches are parts of a query it already allowed, plus key fields and `__typename`:
// nesting never deeper than the client's, a few more tokens and fields. So the tokens and cost a
// subgraph allows carry headroom over the gateway's (SUBGRAPH_LIMITS), and `_entities` weighs one
// entity (its selection); how many entities a fetch carries is bounded by `entities`.
import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, type OperationDefinitionNode, type ParseOptions } from "graphql";
import { costCache, SHAPE_LIMITS, shapeArmor } from "./request-limits";

/** The gateway's largest cost of one operation (gateway/src/limits.ts REQUEST_LIMITS.cost). */
const GATEWAY_COST = 100_000;

export const SUBGRAPH_LIMITS = {
  depth: SHAPE_LIMITS.depth,
  aliases: SHAPE_LIMITS.aliases,
  directives: SHAPE_LIMITS.directives,
  /** A fetch adds `__typename` and key fields to what the client selected: three times the client's tokens. */
  tokens: 3 * SHAPE_LIMITS.tokens,
  /** Likewise for the fields a fetch selects. */
  cost: 3 * GATEWAY_COST,
  /**
   * Representations in one `_entities` fetch: a row of the answer each, so no more than the largest
   * answer a query the gateway allows brings (12,000 households of a district, with room to spare).
   * The subgraph's body limit (2 MB, about 30,000 representations) bounds it too.
   */
  entities: 25_000,
};

const refusal = (message: string) => new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT", http: { status: 400 } } });

/** What subgraphApollo (src/subgraph.ts) adds to each subgraph's Apollo Server. */
export function subgraphLimits(limits = SUBGRAPH_LIMITS): {
  parseOptions: ParseOptions;
  validationRules: ReturnType<typeof shapeArmor>["validationRules"];
  plugins: ApolloServerPlugin[];
} {
  const armor = shapeArmor(limits);
  return {
    parseOptions: { maxTokens: limits.tokens },
    validationRules: armor.validationRules,
    plugins: [...armor.plugins, costAndEntitiesPlugin(limits)],
  };
}

function costAndEntitiesPlugin(limits: Pick<typeof SUBGRAPH_LIMITS, "cost" | "entities">): ApolloServerPlugin {
  const weigh = costCache();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName, operation }) {
          const { entities, weighed } = entityFetch(operation, request.variables ?? {});
          if (entities > limits.entities) {
            throw refusal(`This fetch asks for ${entities} entities, over the limit of ${limits.entities}.`);
          }
          // Weighed with the representations left out: an entity fetch weighs one entity.
          let cost: number;
          try {
            cost = weigh({ schema, query: document, variables: weighed, operationName: operationName ?? undefined });
          } catch {
            // Variables that do not fit the operation: graphql's own coercion refuses them, with the
            // field named where the input checks (src/inputs.ts) know it.
            return;
          }
          if (cost > limits.cost) {
            throw refusal(
              `This query costs ${cost}, over the limit of ${limits.cost}: every list multiplies the cost of what it selects by the items it may return. Ask for fewer items or fewer places at once.`,
            );
          }
        },
      };
    },
  };
}

/**
 * How many representations the operation's root `_entities` fields ask for (given inline or in a
 * variable of any name), and the variables to weigh it with: those variables emptied, since
 * `_entities` weighs one entity whatever their number, and coercing a whole tree's 1,500
 * representations only to weigh them cost each subgraph 3 ms of every fetch.
 */
function entityFetch(operation: OperationDefinitionNode | null | undefined, variables: Record<string, unknown>) {
  let entities = 0;
  let weighed = variables;
  for (const selection of operation?.selectionSet.selections ?? []) {
    if (selection.kind !== "Field" || selection.name.value !== "_entities") continue;
    const argument = selection.arguments?.find((candidate) => candidate.name.value === "representations")?.value;
    if (argument?.kind === "ListValue") entities += argument.values.length;
    if (argument?.kind === "Variable") {
      const value = variables[argument.name.value];
      if (!Array.isArray(value)) continue;
      entities += value.length;
      weighed = { ...weighed, [argument.name.value]: [] };
    }
  }
  return { entities, weighed };
}
