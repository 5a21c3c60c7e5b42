// Hive Gateway (@graphql-hive/gateway) in front of the four subgraphs, in place of our gateway: what
// it must send each subgraph and what it enforces itself. Used by gateway.config.ts (the
// `hive-gateway supergraph` CLI) and by test/routers.test.ts, which runs it for real.
//
// Sent to every subgraph: the gateway secret (without it a subgraph answers 401), the caller's
// authorization (each subgraph verifies the token itself), the client's address (the residents
// subgraph limits anonymous registrations per address), and the request id and W3C trace context,
// so the subgraphs' log lines carry the client's. Nothing else of the client's headers goes through:
// a client that sends its own x-client-address or x-gateway-secret has it dropped.
import { EnvelopArmor } from "@escape.tech/graphql-armor";
import { SHAPE_LIMITS } from "@grassroots/platform";

/** The headers names the subgraphs read (packages/platform/src/tokens.ts), written out so this file needs no build. */
export const GATEWAY_SECRET_HEADER = "x-gateway-secret";
export const CLIENT_ADDRESS_HEADER = "x-client-address";
/** Passed through as the client sent them. */
const PROPAGATED = ["authorization", "traceparent", "tracestate", "x-request-id"] as const;

export interface HiveOptions {
  gatewaySecret: string;
  /** How long one subgraph call may take (SUBGRAPH_TIMEOUT_MS, default 10 s, as our gateway). */
  subgraphTimeoutMs?: number;
  /** Take the client's address from the first X-Forwarded-For entry (behind a proxy that sets it), not the socket. */
  trustForwardedFor?: boolean;
}

interface NodeServerContext {
  req?: { socket?: { remoteAddress?: string } };
}

export function hiveGatewayOptions(options: HiveOptions) {
  return {
    // The subgraphs answer only requests that carry the gateway secret: a static header on every fetch.
    transportEntries: { "*": { headers: [[GATEWAY_SECRET_HEADER, options.gatewaySecret]] as [string, string][] } },
    propagateHeaders: {
      fromClientToSubgraphs: ({ request, context }: { request: Request; context: NodeServerContext }) => {
        const headers: Record<string, string | null> = {};
        for (const name of PROPAGATED) headers[name] = request.headers.get(name);
        const forwarded = options.trustForwardedFor ? request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() : undefined;
        headers[CLIENT_ADDRESS_HEADER] = forwarded || context.req?.socket?.remoteAddress || null;
        return headers;
      },
    },
    upstreamTimeout: options.subgraphTimeoutMs ?? 10_000,
    // The same shape limits as our gateway (its own validation, before planning), and no "did you
    // mean": Hive Gateway's validation would otherwise suggest fields from the supergraph. The cost
    // of lists is not weighed here; every subgraph weighs each fetch (packages/platform/src/subgraph-limits.ts).
    plugins: () =>
      new EnvelopArmor({
        maxDepth: { n: SHAPE_LIMITS.depth, ignoreIntrospection: true },
        maxAliases: { n: SHAPE_LIMITS.aliases },
        maxDirectives: { n: SHAPE_LIMITS.directives },
        maxTokens: { n: SHAPE_LIMITS.tokens },
        costLimit: { enabled: false },
        blockFieldSuggestion: { enabled: true },
      }).protect().plugins,
    // Unexpected errors are masked by Hive (Yoga) itself; the subgraphs' own errors arrive masked.
    maskedErrors: true,
    disableIntrospection: process.env.NODE_ENV === "production" ? { disableIf: () => true } : undefined,
  };
}
