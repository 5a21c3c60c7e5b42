// What the gateway answers for a subgraph fetch that failed: the subgraph down (connection
// refused), hanging past SUBGRAPH_TIMEOUT_MS (a SIGSTOPped process), or answering something that is
// not GraphQL. Instead of a thrown fetch error, which Apollo Gateway reports without a path and the
// error mask turns into INTERNAL_SERVER_ERROR, the fetch answers no data and one error naming the
// subgraph (never its URL) at the first place its fields were asked: the gateway keeps what the
// healthy subgraphs answered, and nulls only what the missing fields make null.
import type { GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { type GraphQLFormattedError, type OperationDefinitionNode, parse } from "graphql";
import type { GatewayContext } from "./context";

/** The code a client sees; `extensions.serviceName` names the subgraph, as Apollo Gateway and Hive Gateway do. */
export const SUBGRAPH_UNAVAILABLE = "SUBGRAPH_UNAVAILABLE";

export interface UnavailableReport {
  subgraph: string;
  /** The failure as it happened (URL included): for the operators' log only. */
  cause: unknown;
}

interface Source {
  name: string;
  timeoutMs: number;
  onUnavailable?: (report: UnavailableReport) => void;
}

/** The answer a failed fetch gives instead: the subgraph's own GraphQL refusal when it sent one, else SUBGRAPH_UNAVAILABLE. */
export function unavailableAnswer(
  source: Source,
  options: GraphQLDataSourceProcessOptions<GatewayContext>,
  cause: unknown,
): { errors: GraphQLFormattedError[] } {
  const path = fetchPath(options);
  // A subgraph that refused with an HTTP error status and a GraphQL body (a limit of its own, 400):
  // its errors, as it wrote them, at the fetch's place.
  const refused = graphqlRefusal(cause);
  if (refused) return { errors: refused.map((error) => ({ ...error, path: error.path ?? path.errorPath })) };
  source.onUnavailable?.({ subgraph: source.name, cause });
  const timedOut = (cause as Error)?.name === "TimeoutError";
  const why = timedOut ? `did not answer within ${source.timeoutMs} ms` : "could not be reached";
  const elsewhere = path.entities > 1 ? ` (and at ${path.entities - 1} other places)` : "";
  return {
    errors: [
      {
        message: `The ${source.name} service ${why}: what it serves is missing here${elsewhere}; the rest of the answer stands. Try again shortly.`,
        path: path.errorPath,
        extensions: { code: SUBGRAPH_UNAVAILABLE, serviceName: source.name },
      },
    ],
  };
}

/**
 * Where the fetch's fields were asked, in the subgraph's terms, which Apollo Gateway maps to the
 * client's path: for an entity fetch the first entity (`_entities.0`), for a root fetch its first
 * root field.
 */
function fetchPath(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
  const representations = options.request.variables?.representations;
  if (Array.isArray(representations)) return { errorPath: ["_entities", 0], entities: representations.length };
  // Parsed again only when a fetch failed (Apollo Gateway does not always hand over its document).
  const document = options.request.query ? parse(options.request.query) : undefined;
  const operation = document?.definitions.find((node): node is OperationDefinitionNode => node.kind === "OperationDefinition");
  const first = operation?.selectionSet.selections.find((node) => node.kind === "Field");
  const key = first && first.kind === "Field" ? (first.alias ?? first.name).value : undefined;
  return { errorPath: key ? [key] : undefined, entities: 1 };
}

/** The GraphQL errors of a non-2xx answer whose body was GraphQL (RemoteGraphQLDataSource's errorFromResponse). */
function graphqlRefusal(cause: unknown): GraphQLFormattedError[] | null {
  const body = (cause as { extensions?: { response?: { body?: unknown } } })?.extensions?.response?.body;
  const errors = (body as { errors?: unknown })?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return null;
  return errors.filter((error): error is GraphQLFormattedError => typeof error?.message === "string");
}
