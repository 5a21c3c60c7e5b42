// How the gateway calls one subgraph: with the gateway secret, the caller's token and address, a
// timeout, and identical in-flight fetches of queries sent once. Ten dashboards asking the same
// figures at once cost the subgraph one statement, not ten: a fetch whose subgraph URL, caller
// authorization and body (query, operation name, variables) equal one already under way waits for
// that one's answer, and each waiting caller gets its own copy. Mutations are never merged, and
// neither is anything a mutation's plan fetches after its write.
import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from "@apollo/gateway";
import { CLIENT_ADDRESS_HEADER, GATEWAY_SECRET_HEADER, LANE_HEADER } from "@grassroots/platform";
import type { GatewayContext } from "./context";

export interface SubgraphSourceOptions {
  url: string;
  gatewaySecret: string;
  timeoutMs: number;
  /** Set on the heavy lane's fetches: the subgraphs answer them on their own heavy lane. */
  lane?: "heavy";
}

type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource["process"]>>;

interface InFlight {
  response: Promise<GatewayGraphQLResponse>;
  waiters: number;
}

export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly inFlight = new Map<string, InFlight>();
  private readonly gatewaySecret: string;
  private readonly lane: "heavy" | undefined;

  constructor(options: SubgraphSourceOptions) {
    super({
      url: options.url,
      // A subgraph that hangs must not hold the client's request (and a socket) forever. Node's fetch
      // keeps connections to each subgraph alive and reuses them (undici's global pool).
      fetcher: ((input: string, init?: RequestInit) =>
        fetch(input, { ...init, signal: AbortSignal.timeout(options.timeoutMs) })) as never,
    });
    this.gatewaySecret = options.gatewaySecret;
    this.lane = options.lane;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    request.http?.headers.set(GATEWAY_SECRET_HEADER, this.gatewaySecret);
    if (this.lane) request.http?.headers.set(LANE_HEADER, this.lane);
    if (context.authorization) request.http?.headers.set("authorization", context.authorization);
    // Subgraphs see only the gateway's address; limits per client (registrations) need the client's.
    if (context.clientAddress) request.http?.headers.set(CLIENT_ADDRESS_HEADER, context.clientAddress);
  }

  override process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const key = sharingKey(options);
    if (key === null) return super.process(options);
    const running = this.inFlight.get(key);
    if (running) {
      running.waiters++;
      return running.response.then(copyOf);
    }
    const entry: InFlight = { response: super.process(options), waiters: 0 };
    this.inFlight.set(key, entry);
    const forget = () => {
      if (this.inFlight.get(key) === entry) this.inFlight.delete(key);
    };
    // Registered first, so no caller joins after the answer is handed out.
    entry.response.then(forget, forget);
    // The gateway merges a response into its result in place: with waiters, the first caller gets
    // a copy too, so the original stays intact for each waiter to copy.
    return entry.response.then((response) => (entry.waiters > 0 ? copyOf(response) : response));
  }
}

/** The fetch's identity, or null when it must not be shared (not a query, or not a client's). */
function sharingKey(options: GraphQLDataSourceProcessOptions<GatewayContext>): string | null {
  // Health checks and schema loading are not a client's operation.
  if (!("incomingRequestContext" in options)) return null;
  if (options.incomingRequestContext.operation?.operation !== "query") return null;
  const { authorization, clientAddress } = options.context;
  const { query, operationName, variables } = options.request;
  // Without a token the client's address is the caller (the subgraphs see it).
  const caller = authorization ? `authorization ${authorization}` : `address ${clientAddress ?? ""}`;
  return JSON.stringify([caller, query, operationName ?? null, variables ?? null]);
}

function copyOf(response: GatewayGraphQLResponse): GatewayGraphQLResponse {
  const { http, ...body } = response;
  return { ...structuredClone(body), http };
}
