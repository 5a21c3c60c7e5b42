// The one endpoint clients use: an Apollo Gateway over the static, committed supergraph.
import { readFileSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import { fileURLToPath } from "node:url";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { accessFromClaims } from "@grassroots/access";
import type { Directory } from "@grassroots/directory";
import {
  CLIENT_ADDRESS_HEADER,
  cachingTokenVerifier,
  createErrorMask,
  createLogger,
  GATEWAY_SECRET_HEADER,
  type Logger,
  noteRole,
  observationPlugin,
  type RunningServer,
  refuseUnstorableInput,
  secretsMatch,
  serveGraphQL,
  type TokenVerifier,
  warnWithoutLaneFlags,
} from "@grassroots/platform";
import { ANSWERED_PER_ITEM } from "@grassroots/vocabulary";
import { cachingRooms } from "./caches";
import { CallerLimiter, type CallerLimitSettings } from "./caller-limit";
import { type GatewayContext, turnHolder } from "./context";
import { costLimitPlugin } from "./cost";
import { HeavyLane, withHeavyLane } from "./heavy-lane";
import { armor, DEFAULT_CALLER_LIMITS, PARSE_OPTIONS, REQUEST_LIMITS } from "./limits";
import { heavyOperationsTotal, observeFetch, watchHeavyTurns } from "./metrics";
import { openDataCsv } from "./open-data-csv";
import { RawJsonParts } from "./raw-json";
import { roomClaimCheck } from "./room-claims";
import { SubgraphDataSource } from "./subgraph-source";
import { type WebAppOptions, webApp } from "./web-app";

export const SUPERGRAPH_PATH = fileURLToPath(new URL("../../schema/supergraph.graphql", import.meta.url));

export interface GatewayOptions {
  /** Verifies callers' tokens here first; the secret proves to each subgraph that a request came from us. */
  auth: { verifyToken: TokenVerifier; gatewaySecret: string };
  port?: number;
  host?: string;
  supergraphSdl?: string;
  /** Subgraph name → URL, overriding the URLs composed into the supergraph. */
  subgraphUrls?: Record<string, string>;
  subgraphTimeoutMs?: number;
  logger?: Logger;
  /** Where room staff tokens' place claims are checked against their rooms (the delegates subgraph). */
  rooms: Pick<Directory, "roomPlace">;
  /** Requests of one caller at once; default DEFAULT_CALLER_LIMITS (src/limits.ts). */
  callerLimits?: CallerLimitSettings;
  /** Largest cost of one operation (src/cost.ts); default REQUEST_LIMITS.cost. */
  maxCost?: number;
  /**
   * Operations costing at least `cost` run on a thread of their own (src/heavy-lane.ts), fetching
   * from `subgraphUrls` where given (replicas kept for heavy reads), else from the same subgraphs.
   * Default REQUEST_LIMITS.heavyCost; `false` runs everything on the main thread.
   */
  heavyLane?: HeavyLaneOptions | false;
  /**
   * Start the heavy lane's thread at the first heavy operation rather than before serving. Tests do:
   * most of their files send none, and the thread's start was two seconds of each file's. A
   * deployment leaves it off, so that its first dashboard does not wait for the thread.
   */
  heavyLaneOnFirstUse?: boolean;
  /** How long each subgraph's /health/ready may take before the gateway counts it unavailable; default 1000 ms. */
  healthTimeoutMs?: number;
  /** METRICS_TOKEN: /metrics answers only with it when set. */
  metricsToken?: string;
  /** The web apps at / (src/web-app.ts); absent, the gateway serves the API alone. */
  web?: WebAppOptions;
}

export interface HeavyLaneOptions {
  cost: number;
  /** Heavy operations running at once, over all callers; default REQUEST_LIMITS.heavyConcurrency. */
  concurrency?: number;
  subgraphUrls?: Record<string, string>;
}

export async function startGateway(options: GatewayOptions): Promise<RunningServer & { subgraphUrls: Record<string, string> }> {
  const logger = options.logger ?? createLogger("gateway");
  const timeoutMs = options.subgraphTimeoutMs ?? REQUEST_LIMITS.subgraphTimeoutMs;
  const healthTimeoutMs = options.healthTimeoutMs ?? 1000;
  const resolvedUrls: Record<string, string> = {};
  const sources: SubgraphDataSource[] = [];
  const supergraphSdl = options.supergraphSdl ?? readFileSync(SUPERGRAPH_PATH, "utf8");
  const apolloGateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => {
      const target = options.subgraphUrls?.[name] ?? url;
      if (!target) throw new Error(`No URL for subgraph ${name}`);
      resolvedUrls[name] = target;
      const source = new SubgraphDataSource({
        name,
        url: target,
        gatewaySecret: options.auth.gatewaySecret,
        timeoutMs,
        observeFetch,
        // The client's error names the subgraph only; the cause (with its URL) is for operators.
        onUnavailable: ({ subgraph, cause }) => logger.warn({ subgraph, err: cause }, "subgraph unavailable"),
      });
      sources.push(source);
      return source;
    },
  });
  const heavy = options.heavyLane ?? (REQUEST_LIMITS.heavyCost > 0 ? { cost: REQUEST_LIMITS.heavyCost } : false);
  const lane =
    heavy &&
    new HeavyLane({
      supergraphSdl,
      subgraphUrls: { ...options.subgraphUrls, ...heavy.subgraphUrls },
      gatewaySecret: options.auth.gatewaySecret,
      timeoutMs,
    });
  if (lane) warnWithoutLaneFlags(logger);
  const gateway =
    heavy && lane
      ? withHeavyLane(
          apolloGateway,
          lane,
          (context) => {
            const isHeavy = (context.cost ?? 0) >= heavy.cost;
            if (isHeavy) heavyOperationsTotal.inc();
            return isHeavy;
          },
          !options.heavyLaneOnFirstUse,
        )
      : apolloGateway;
  const verifyToken = cachingTokenVerifier(options.auth.verifyToken);
  const checkRoomClaim = roomClaimCheck(cachingRooms(options.rooms));
  const callers = new CallerLimiter(options.callerLimits ?? DEFAULT_CALLER_LIMITS);
  const protection = armor();
  const turns = heavy ? heavyTurns(heavy) : undefined;
  // Each request's data serialized by the heavy lane, put into its body as it is written.
  const rawJson = new WeakMap<object, RawJsonParts>();
  const unwatchTurns = turns && watchHeavyTurns(turns);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: createErrorMask(logger),
    includeStacktraceInErrorResponses: false,
    // Apollo's SIGTERM handler would stop at once and re-raise the signal: main.ts drains instead.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    introspection: process.env.NODE_ENV !== "production",
    parseOptions: PARSE_OPTIONS,
    validationRules: protection.validationRules,
    // Unstorable input (a NUL byte, a DateTime in year 0) is refused here with the field it is in,
    // before planning; the subgraphs refuse it again, but their refusal reaches a client masked.
    plugins: [
      ...protection.plugins,
      refuseUnstorableInput({ answeredPerItem: ANSWERED_PER_ITEM }),
      observationPlugin(),
      costLimitPlugin(
        options.maxCost ?? REQUEST_LIMITS.cost,
        callers,
        heavy && lane && turns ? { cost: heavy.cost, turns, lane } : undefined,
      ),
      ApolloServerPluginInlineTraceDisabled(),
      // No cache hints are used: the plugin would only compute a policy nobody reads.
      ApolloServerPluginCacheControlDisabled(),
    ],
  });
  // Where this gateway's own /graphql listens, once it does (the open-data CSV asks it).
  let graphqlUrl = "";
  const server = await serveGraphQL({
    apollo,
    logger,
    service: "gateway",
    metricsToken: options.metricsToken,
    port: options.port ?? 0,
    host: options.host,
    bodyLimit: REQUEST_LIMITS.bodyBytes,
    // A bad token is refused here (401) before any planning; subgraphs verify it again themselves.
    context: async (request, observation) => {
      const claims = await verifyToken(request.headers.authorization);
      noteRole(observation, claims?.role);
      const access = accessFromClaims(claims);
      await checkRoomClaim(access.viewer);
      // This gateway's own requests on a reader's behalf (the open-data CSV) say whose they are.
      const clientAddress = vouchedClientAddress(request.headers, options.auth.gatewaySecret) ?? request.socket.remoteAddress;
      const parts = new RawJsonParts();
      rawJson.set(request, parts);
      return {
        authorization: request.headers.authorization,
        clientAddress,
        // The caller's turn is taken once the operation's cost is known (costLimitPlugin).
        caller: claims?.sub ? `subject ${claims.sub}` : `address ${clientAddress}`,
        holdTurn: turnHolder(request.res),
        requestId: observation.requestId,
        traceparent: observation.traceparent,
        rawJson: parts,
      };
    },
    finishBody: (request, body) => rawJson.get(request)?.splice(body) ?? body,
    // The public open-data tables as CSV, through this gateway's own /graphql.
    routes: { "/open-data/:file": openDataCsv(() => graphqlUrl, options.auth.gatewaySecret) },
    fallback: options.web && webApp(options.web),
    // Ready when every subgraph is (each answers its /health/ready within the timeout).
    healthTimeoutMs: 2 * healthTimeoutMs,
    health: async () => {
      const subgraphs = await subgraphHealth(resolvedUrls, healthTimeoutMs);
      return { ready: Object.values(subgraphs).every((status) => status === "ok"), details: { subgraphs } };
    },
  });
  graphqlUrl = server.url;
  return {
    ...server,
    subgraphUrls: resolvedUrls,
    close: async (closeOptions) => {
      await server.close(closeOptions);
      unwatchTurns?.();
      await Promise.all(sources.map((source) => source.close()));
    },
  };
}

/** Each subgraph's readiness, in parallel, with a short timeout; names only, never URLs. */
async function subgraphHealth(urls: Record<string, string>, timeoutMs: number) {
  const entries = await Promise.all(
    Object.entries(urls).map(async ([name, url]) => {
      try {
        const response = await fetch(new URL("/health/ready", url), { signal: AbortSignal.timeout(timeoutMs) });
        return [name, response.ok ? "ok" : "unavailable"] as const;
      } catch {
        return [name, "unavailable"] as const;
      }
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * Turns of the heavy lane, shared by every caller: a few heavy operations run at once, so together
 * they take at most that many cores; the others wait their turn in order (up to 30 s), then 429.
 */
function heavyTurns(options: HeavyLaneOptions): CallerLimiter {
  return new CallerLimiter(
    {
      maxConcurrent: options.concurrency ?? REQUEST_LIMITS.heavyConcurrency,
      maxCostInFlight: Number.MAX_SAFE_INTEGER,
      maxQueued: 64,
      maxWaitMs: 30_000,
    },
    (settings) =>
      `The gateway is busy with heavy queries (up to ${settings.maxConcurrent} at once, and ${settings.maxQueued} waiting up to ${settings.maxWaitMs} ms): ask for fewer places or items at once, or try again shortly.`,
  );
}

/** The client address a request carries with the gateway secret: only this gateway can vouch for one. */
function vouchedClientAddress(headers: IncomingHttpHeaders, gatewaySecret: string): string | undefined {
  const address = headers[CLIENT_ADDRESS_HEADER];
  const secret = headers[GATEWAY_SECRET_HEADER];
  if (typeof address !== "string" || typeof secret !== "string") return undefined;
  return secretsMatch(secret, gatewaySecret) ? address : undefined;
}
