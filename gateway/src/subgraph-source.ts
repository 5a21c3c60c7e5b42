// How the gateway calls one subgraph: with the gateway secret, the caller's token and address, a
// timeout, and identical in-flight fetches of queries sent once. Ten dashboards asking the same
// figures at once cost the subgraph one statement, not ten: a fetch whose subgraph, caller
// (authorization, or address without a token) and body (query, operation name, variables) equal
// one already under way waits for that one's answer, and each waiting caller parses its own copy of
// the text. Mutations are never merged, and neither is anything a mutation's plan fetches after its
// write. The body is the one Apollo serialized to send: a whole tree's fetches carry 1,666
// representations, and serializing them a second time for a key cost the gateway as much again.
import { EventEmitter } from "node:events";
import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from "@apollo/gateway";
import {
  CLIENT_ADDRESS_HEADER,
  type FetchTiming,
  GATEWAY_SECRET_HEADER,
  LANE_HEADER,
  READS_HEADER,
  REPLICA_READS,
  REQUEST_ID_HEADER,
  TRACEPARENT_HEADER,
} from "@grassroots/platform";
import { trace } from "@opentelemetry/api";
import { Pool } from "undici";
import type { GatewayContext } from "./context";
import { type UnavailableReport, unavailableAnswer } from "./unavailable";

export interface SubgraphSourceOptions {
  /** The subgraph's name, which errors name when it does not answer (never its URL). */
  name: string;
  url: string;
  gatewaySecret: string;
  timeoutMs: number;
  /** Set on the heavy lane's fetches: the subgraphs answer them on their own heavy lane. */
  lane?: "heavy";
  /** Told of each fetch that failed (for the operators' log): the subgraph, the cause. */
  onUnavailable?: (report: UnavailableReport) => void;
  /** Each fetch's latency, with the request's context (src/metrics.ts; the heavy lane collects them). */
  observeFetch?: (timing: FetchTiming, context: GatewayContext) => void;
}

type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource["process"]>>;

/**
 * Set by willSendRequest on a fetch that may be shared (a client's query), read and removed by the
 * fetcher before sending: Apollo hands the fetcher only the URL, headers and body.
 */
const SHAREABLE_MARK = "x-grassroots-shareable";

export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly gatewaySecret: string;
  private readonly lane: "heavy" | undefined;
  private readonly options: SubgraphSourceOptions;
  private readonly pool: Pool;

  constructor(options: SubgraphSourceOptions) {
    const url = new URL(options.url);
    const pool = new Pool(url.origin);
    super({ url: options.url, fetcher: subgraphFetcher(pool, `${url.pathname}${url.search}`, options.timeoutMs) as never });
    this.pool = pool;
    this.gatewaySecret = options.gatewaySecret;
    this.lane = options.lane;
    this.options = options;
  }

  /** Closes the connections to the subgraph. */
  close(): Promise<void> {
    return this.pool.close();
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const { request, context } = options;
    request.http?.headers.set(GATEWAY_SECRET_HEADER, this.gatewaySecret);
    if (this.lane) request.http?.headers.set(LANE_HEADER, this.lane);
    // A heavy query (never a mutation, whose answer reads back what it wrote) may be answered from a
    // subgraph's read replica (packages/platform/src/read-replica.ts).
    if (this.lane && isQueryOperation(options)) request.http?.headers.set(READS_HEADER, REPLICA_READS);
    if (context.authorization) request.http?.headers.set("authorization", context.authorization);
    // Subgraphs see only the gateway's address; limits per client (registrations) need the client's.
    if (context.clientAddress) request.http?.headers.set(CLIENT_ADDRESS_HEADER, context.clientAddress);
    // The request's ids, so the subgraph logs the same pair. With tracing on, the fetch's own span
    // is the parent the subgraph should see, and the instrumentation sends it instead.
    if (context.requestId) request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
    if (context.traceparent && !trace.getActiveSpan()) request.http?.headers.set(TRACEPARENT_HEADER, context.traceparent);
    if (isQueryOperation(options)) request.http?.headers.set(SHAREABLE_MARK, "1");
  }

  /** The fetch, timed (a shared fetch's waiters too: the wait is the latency their plan saw). */
  private fetchTimed(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { observeFetch, name } = this.options;
    if (!observeFetch) return super.process(options);
    const started = performance.now();
    const done = (outcome: FetchTiming["outcome"]) =>
      observeFetch(
        { subgraph: name, lane: this.lane ?? "main", outcome, seconds: (performance.now() - started) / 1000 },
        options.context as GatewayContext,
      );
    return super.process(options).then(
      (response) => {
        done("ok");
        return response;
      },
      (error: unknown) => {
        done("failed");
        throw error;
      },
    );
  }

  /**
   * A subgraph down, hanging past the timeout or answering garbage gives an answer without data and
   * with an error naming it (src/unavailable.ts), not a thrown fetch error: the gateway then keeps
   * what the other subgraphs answered, and the client sees which subgraph and where.
   */
  override process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    return this.fetchTimed(options).catch((error: unknown) => unavailableAnswer(this.options, options, error));
  }
}

/** A subgraph's answer as received, which each caller of a shared fetch reads on its own. */
interface Received {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * Apollo's data source's fetch, on kept-alive connections to one subgraph (its URL parsed once, here). undici's own request API,
 * not Node's fetch: web streams, a Request and an AbortSignal per call were a third of the gateway's
 * CPU on a small query (bench/RESULTS.md). A subgraph that hangs must not hold the client's request
 * (and a socket) forever: past timeoutMs the call is cut and fails as a TimeoutError. A fetch marked
 * shareable joins an identical one under way (see the top of this file).
 */
function subgraphFetcher(pool: Pool, path: string, timeoutMs: number) {
  const inFlight = new Map<string, Promise<Received>>();
  const send = async (method: string, headers: Record<string, string>, body: string | undefined): Promise<Received> => {
    // undici takes an EventEmitter as its abort signal: cheaper than an AbortSignal per call.
    const abort = new EventEmitter();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.emit("abort");
    }, timeoutMs);
    try {
      const response = await pool.request({ path, method: method as "POST", headers, body, signal: abort });
      return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
    } catch (error) {
      if (!timedOut) throw error;
      throw Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: "TimeoutError" });
    } finally {
      clearTimeout(timer);
    }
  };
  return async (url: string, init: { method?: string; headers?: Record<string, string>; body?: string }) => {
    const { [SHAREABLE_MARK]: shareable, ...headers } = init.headers ?? {};
    const method = init.method ?? "POST";
    if (shareable === undefined) return answerOf(url, await send(method, headers, init.body));
    // Without a token the client's address is the caller (the subgraphs see it).
    const caller = headers.authorization
      ? `authorization ${headers.authorization}`
      : `address ${headers[CLIENT_ADDRESS_HEADER] ?? ""}`;
    const key = `${caller}\n${init.body ?? ""}`;
    let answer = inFlight.get(key);
    if (!answer) {
      const sent = send(method, headers, init.body);
      const forget = () => {
        if (inFlight.get(key) === sent) inFlight.delete(key);
      };
      // Registered first, so no caller joins after the answer is handed out.
      sent.then(forget, forget);
      inFlight.set(key, sent);
      answer = sent;
    }
    return answerOf(url, await answer);
  };
}

/** What Apollo's data source reads of an answer (status, a header, the body), without a fetch Response. */
function answerOf(url: string, { status, headers, text }: Received) {
  const header = (name: string) => {
    const value = headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(", ") : (value ?? null);
  };
  return {
    url,
    status,
    ok: status >= 200 && status <= 299,
    statusText: "",
    headers: { get: header },
    json: async () => JSON.parse(text),
    text: async () => text,
  };
}

/** Whether the fetch belongs to a client's query operation (not a mutation, not the gateway's own). */
function isQueryOperation(options: GraphQLDataSourceProcessOptions<GatewayContext>): boolean {
  // Only an incoming operation's options carry its request context (the enum of kinds is not exported).
  return "incomingRequestContext" in options && options.incomingRequestContext.operation?.operation === "query";
}
