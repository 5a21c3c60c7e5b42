// What one request may ask of the graph: the shape limits (depth, aliases, tokens, directives) and
// the cost weighed by list sizes, shared by the gateway (gateway/src/limits.ts, cost.ts) and every
// subgraph (src/subgraph-limits.ts), so that a supergraph served by any router keeps them.
import { createRequire } from "node:module";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import { type DocumentNode, Kind, visit } from "graphql";
import type { ComplexityEstimator, getComplexity as GetComplexity } from "graphql-query-complexity";

// The CommonJS build, on purpose: Apollo's and Pothos's schemas come from graphql's CommonJS build,
// and graphql refuses to mix a schema with the other build's type checks ("another module or realm").
const { getComplexity } = createRequire(import.meta.url)("graphql-query-complexity") as {
  getComplexity: typeof GetComplexity;
};

/** The gateway's limits on a document's shape; a dashboard of the whole district tree fits well inside. */
export const SHAPE_LIMITS = { depth: 12, aliases: 20, tokens: 5000, directives: 20 };

/** Items a list without paging arguments is assumed to hold (streets of a district, blocks of a community). */
export const LIST_ITEMS = 10;
/** Items a connection returns when the caller names no `first`/`last` (src/pagination.ts's pageSize default). */
export const DEFAULT_PAGE_ITEMS = 20;

/** Inspects the printed type ("[Block!]!", "BlockHouseholdsConnection"), which is the same in either graphql build. */
const isList = (typeName: string) => typeName.startsWith("[");
const isConnection = (typeName: string) => /Connection!?$/.test(typeName);

/**
 * Every field costs 1, and a list multiplies the cost of what it selects by the number of items it
 * may return: `first`/`last` on a connection (or a list that takes them), DEFAULT_PAGE_ITEMS without
 * them, LIST_ITEMS for a list without paging arguments. A subgraph's `_entities` counts one entity:
 * how many the gateway sends is bounded on its own (src/subgraph-limits.ts), and each entity's
 * selection is a part of a client's query that the router already weighed.
 */
export const listSizeEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const typeName = String(field.type);
  const pages = field.args.some((arg) => arg.name === "first" || arg.name === "last");
  let items = 1;
  if (field.name === "_entities") {
    items = 1;
  } else if (pages && (isConnection(typeName) || isList(typeName))) {
    const asked = args.first ?? args.last;
    items = typeof asked === "number" && asked >= 0 ? asked : DEFAULT_PAGE_ITEMS;
  } else if (isList(typeName) && !/ConnectionEdge/.test(typeName)) {
    // A connection's edges are already counted by its first/last.
    items = LIST_ITEMS;
  }
  return 1 + items * childComplexity;
};

/** graphql-armor's rules for a document's shape (depth, aliases, directives); tokens are limited by the parser. */
export function shapeArmor(limits: Pick<typeof SHAPE_LIMITS, "depth" | "aliases" | "directives">) {
  return new ApolloArmor({
    maxDepth: { n: limits.depth, ignoreIntrospection: true },
    maxAliases: { n: limits.aliases },
    // Not armor's: its Apollo plugin parses the document a second time in parsingDidStart, and a
    // hook that throws there is an unexpected failure to Apollo, so every syntax error came out as
    // HTTP 500 GRAPHQL_VALIDATION_FAILED without a location. The parser's maxTokens enforces the limit.
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.directives },
    // Not armor's either: it counts a list as one item whatever its `first`. listSizeEstimator weighs lists.
    costLimit: { enabled: false },
    // Suggestions ("did you mean …") would let a stranger map the schema. The error mask strips them:
    // armor's own plugin rewrites every error's message and fails on errors whose message is read-only
    // (a subgraph timeout's), turning them into a second, unlogged failure.
    blockFieldSuggestion: { enabled: false },
  }).protect();
}

/** The cost of one operation of a document, as the gateway's and the subgraphs' limits weigh it. */
export function operationCost(options: Omit<Parameters<typeof GetComplexity>[0], "estimators">): number {
  return getComplexity({ ...options, estimators: [listSizeEstimator] });
}

/**
 * The variables an operation's cost can depend on: those given to a `first` or `last` argument
 * (listSizeEstimator reads nothing else) or to a directive's `if` (@skip and @include leave fields
 * out of the weighing). A phone's logVisit carries new variables every time, yet weighs the same:
 * weighed once per document and these variables' values, not once per request. Kept per document.
 */
const costVariablesOf = new WeakMap<DocumentNode, ReadonlySet<string>>();
export function costVariables(document: DocumentNode): ReadonlySet<string> {
  let names = costVariablesOf.get(document);
  if (!names) {
    const found = new Set<string>();
    visit(document, {
      Argument(argument) {
        const name = argument.name.value;
        if ((name === "first" || name === "last" || name === "if") && argument.value.kind === Kind.VARIABLE) {
          found.add(argument.value.name.value);
        }
      },
    });
    names = found;
    costVariablesOf.set(document, names);
  }
  return names;
}

/**
 * The key of an operation's weighed cost: its name and, for each variable the cost depends on,
 * whether it was sent and its value. Absent and null differ: an absent variable takes its default
 * (`$n: Int = 100`), a null one does not.
 */
export function costKey(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
): string {
  const values = [...costVariables(document)].map((name) => (Object.hasOwn(variables, name) ? [variables[name]] : []));
  return JSON.stringify([operationName ?? null, values]);
}

/** The longest cost key kept: variables the cost depends on are a few scalars, never more. */
const MAX_COST_KEY = 1_000;
/** Keys kept per document: a document asked with ever new pages starts again after these. */
const COSTS_PER_DOCUMENT = 256;

/**
 * operationCost, remembered per parsed document (Apollo hands the same document to every request
 * with the same text) and costKey: a gateway sends each fetch's few shapes again and again, a phone
 * its logVisit with new variables every time, and walking the document for its cost was 5 % of a
 * residents lane on a dashboard and 10 % of the gateway's main thread per visit. One per server:
 * a document's cost depends on the schema it is weighed against.
 */
export function costCache(): (options: Parameters<typeof operationCost>[0]) => number {
  const costs = new WeakMap<object, Map<string, number>>();
  return (options) => {
    const key = costKey(options.query, options.operationName, options.variables ?? {});
    let known = costs.get(options.query);
    const kept = known?.get(key);
    if (kept !== undefined) return kept;
    const cost = operationCost(options);
    if (key.length <= MAX_COST_KEY) {
      if (!known) {
        known = new Map();
        costs.set(options.query, known);
      }
      if (known.size >= COSTS_PER_DOCUMENT) known.clear();
      known.set(key, cost);
    }
    return cost;
  };
}
