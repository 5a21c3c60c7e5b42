// Heavy operations run on their own thread. An analyst's export (a street's households with their
// residents: a megabyte of answer) costs the gateway hundreds of milliseconds of merging on one
// event loop, which every other caller's request would wait behind. Operations costing at least
// `heavyCost` (src/cost.ts weighs them before anything is planned) are handed to a second Apollo
// Gateway in a worker thread (src/heavy-lane-worker.ts), one at a time over all callers (their
// turns are taken in src/cost.ts, after the caller's own); the rest run on the main thread.
import { createRequire } from "node:module";
import type { ApolloGateway } from "@apollo/gateway";
import type { GatewayExecutionResult, GatewayGraphQLRequestContext, GatewayInterface } from "@apollo/server-gateway-interface";
import { type FetchTiming, lowerHelperThreads, RequestThread, siblingModule } from "@grassroots/platform";
import type { GatewayContext } from "./context";
import { observeFetch } from "./metrics";

export interface LaneSettings {
  supergraphSdl: string;
  /** Subgraph name → URL the lane fetches from (the same subgraphs, or replicas kept for heavy reads). */
  subgraphUrls: Record<string, string>;
  gatewaySecret: string;
  timeoutMs: number;
}

/** What crosses to the lane's thread: the operation and the caller's credentials, nothing else. */
export interface LaneRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName: string | null;
  context: Pick<GatewayContext, "authorization" | "clientAddress" | "caller" | "requestId" | "traceparent">;
}

/** The result as it crosses back: errors as plain objects, made GraphQL errors again here. */
export interface LaneResult {
  /** The data as JSON bytes, moved (not copied) from the lane's thread and written as they are (src/raw-json.ts). */
  dataJson?: Uint8Array<ArrayBuffer>;
  errors?: { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[];
  /** The lane's subgraph fetches, timed there and counted here (a thread's metrics are not scraped). */
  fetches?: FetchTiming[];
}

const WORKER_MODULE = siblingModule("heavy-lane-worker", import.meta.url);

// graphql's CommonJS build, as Apollo's: an error of the other build is no GraphQLError to Apollo,
// which would wrap it and lose its path.
const { GraphQLError } = createRequire(import.meta.url)("graphql") as typeof import("graphql");

/**
 * An operation's identity on the lane: the caller's credentials (or address), the document, the
 * operation and the variables. Identical ones of one caller may share one run.
 */
export function laneKey(
  context: Pick<GatewayContext, "authorization" | "clientAddress">,
  query: string,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
): string {
  const caller = context.authorization ? `authorization ${context.authorization}` : `address ${context.clientAddress ?? ""}`;
  return JSON.stringify([caller, query, operationName ?? null, variables ?? null]);
}

export class HeavyLane {
  private readonly thread: RequestThread<LaneRequest, LaneResult>;
  /** Operations running on the thread now, by laneKey: ten identical dashboards cost one run. */
  private readonly running = new Map<string, Promise<LaneResult>>();

  constructor(settings: LaneSettings) {
    this.thread = new RequestThread(WORKER_MODULE, settings);
  }

  /**
   * Starts the thread now rather than at the first heavy operation; the helper threads then yield
   * to short requests as the lane does.
   */
  async start(): Promise<void> {
    await this.thread.start();
    lowerHelperThreads();
  }

  stop(): Promise<void> {
    return this.thread.stop();
  }

  /** The run of an identical operation already on the thread, which a request may wait for instead of taking a turn. */
  runningAs(key: string): Promise<LaneResult> | undefined {
    return this.running.get(key);
  }

  async execute(requestContext: GatewayGraphQLRequestContext<GatewayContext>): Promise<GatewayExecutionResult> {
    const { authorization, clientAddress, caller, sharedRun, requestId, traceparent } = requestContext.context;
    const { source: query, operationName } = requestContext;
    const variables = requestContext.request.variables;
    const result = await (sharedRun ??
      this.run(laneKey({ authorization, clientAddress }, query, operationName, variables), {
        query,
        variables,
        operationName,
        // A shared run's subgraph calls carry the ids of the request that started it.
        context: { authorization, clientAddress, caller, requestId, traceparent },
      }));
    // Each request makes its own errors from the shared result; the data is written as the lane
    // serialized it (src/raw-json.ts), or made an object again where nothing writes it so.
    const { rawJson } = requestContext.context;
    const json = result.dataJson;
    return {
      data: json && ((rawJson ? rawJson.add(json) : JSON.parse(new TextDecoder().decode(json))) as Record<string, unknown>),
      errors: result.errors?.map((error) => new GraphQLError(error.message, { path: error.path, extensions: error.extensions })),
    };
  }

  private run(key: string, request: LaneRequest): Promise<LaneResult> {
    const run = this.thread.request(request);
    this.running.set(key, run);
    const forget = () => {
      if (this.running.get(key) === run) this.running.delete(key);
    };
    run.then(forget, forget);
    // Counted once per run, however many requests share it.
    run.then(
      (result) => result.fetches?.forEach(observeFetch),
      () => {},
    );
    return run;
  }
}

/**
 * The gateway as Apollo Server sees it, with operations the lane should take sent there: `isHeavy`
 * decides from the request context (the cost weighed by src/cost.ts). `startWhenLoaded` false
 * leaves the lane's thread to start with the first heavy operation (a RequestThread starts when
 * first asked), the helper threads keeping their priority.
 */
export function withHeavyLane(
  gateway: ApolloGateway,
  lane: HeavyLane,
  isHeavy: (context: GatewayContext) => boolean,
  startWhenLoaded = true,
): GatewayInterface {
  return {
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    async load(options) {
      const [loaded] = await Promise.all([gateway.load(options), startWhenLoaded && lane.start()]);
      const main = loaded.executor;
      if (!main) return loaded;
      return {
        executor: (requestContext) =>
          isHeavy(requestContext.context as GatewayContext)
            ? lane.execute(requestContext as GatewayGraphQLRequestContext<GatewayContext>)
            : main(requestContext),
      };
    },
    async stop() {
      await Promise.all([lane.stop(), gateway.stop()]);
    },
  };
}
