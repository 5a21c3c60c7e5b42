// Serves an Apollo Server over HTTP (Express 5): /graphql with a body limit, health endpoints, JSON
// errors for what fails before GraphQL runs, and a graceful close: stop accepting, let requests in
// flight finish within a bound, then stop.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApolloServer, BaseContext } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type ErrorRequestHandler, type Request, type RequestHandler } from "express";
import type { Logger } from "pino";
import { httpErrorBody, NOT_JSON } from "./errors";
import { LANE_HEADER, type LaneAnswer, type LaneRequest } from "./lane";
import { countRequest, metricsRegistry } from "./metrics";
import { attachObservation, logFields, type Observation, observe, REQUEST_ID_HEADER } from "./request-log";
import { secretsMatch } from "./tokens";

export interface Refusal {
  status: number;
  code: string;
  message: string;
}

export interface ServeOptions<Context extends BaseContext> {
  apollo: ApolloServer<Context>;
  /** The request's context; `observation` is what its log line will say (note the caller's role there). */
  context: (request: Request, observation: Observation) => Promise<Context>;
  logger: Logger;
  /** The process's name in its metrics (gateway, blocks, …); default "graphql". */
  service?: string;
  /** When set, /metrics answers only `Authorization: Bearer <metricsToken>` (docs/configuration.md). */
  metricsToken?: string;
  port: number;
  host?: string;
  /** Largest request body accepted, e.g. "100kb". */
  bodyLimit: string;
  /** Checked before the body is read or parsed: a refusal here costs the server nothing more. */
  guard?: (request: Request) => Refusal | null;
  /** The GraphQL body as written: e.g. with parts serialized elsewhere put in (the gateway's heavy lane). */
  finishBody?: (request: Request, body: string) => string | Uint8Array;
  /** Answers the requests marked for the heavy lane (src/lane.ts), on its own thread. */
  lane?: (request: LaneRequest) => Promise<LaneAnswer>;
  /**
   * Readiness, for /health/ready and /health: ready false, a throw, or no answer within
   * healthTimeoutMs answers 503; the details are shown either way (names, never addresses).
   */
  health?: () => Promise<HealthReport>;
  /** How long readiness may take before it counts as not ready; default 1000 ms. */
  healthTimeoutMs?: number;
  /** GET routes of the process's own beside /graphql (the gateway's open-data CSV), by Express path. */
  routes?: Record<string, RequestHandler>;
  /** Asked for whatever /graphql, health, metrics and the routes did not answer (the gateway's web apps). */
  fallback?: RequestHandler;
}

export interface HealthReport {
  ready: boolean;
  details?: Record<string, unknown>;
}

export interface CloseOptions {
  /** How long requests in flight may take to finish before their connections are cut; default 0. */
  graceMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Stops accepting connections, waits up to graceMs for requests in flight, then stops. */
  close(options?: CloseOptions): Promise<void>;
}

/** What a route of `ServeOptions.routes` is given and answers with. */
export type { Request as HttpRequest, RequestHandler, Response as HttpResponse } from "express";

// Each request's observation (src/request-log.ts), from its arrival to its context.
const observations = new WeakMap<Request, Observation>();

export async function serveGraphQL<Context extends BaseContext>(options: ServeOptions<Context>): Promise<RunningServer> {
  const { apollo, logger } = options;
  await apollo.start();
  const app = express();
  app.disable("x-powered-by");
  // An ETag is a hash of every answer, a megabyte for an export, and no client revalidates a POST.
  app.disable("etag");

  let draining = false;
  // While draining, every answer closes its connection: a client's next request opens a new one,
  // which is refused, and goes to another instance.
  app.use((_request, response, next) => {
    if (draining) response.setHeader("connection", "close");
    next();
  });

  // Live: the process answers. Ready: it can serve (its dependencies answer); /health is the same
  // report as /health/ready, kept for the probes that already use it.
  app.get("/health/live", (_request, response) => {
    response.json({ status: "ok" });
  });
  const ready: express.RequestHandler = async (_request, response) => {
    if (draining) {
      response.status(503).json({ status: "stopping" });
      return;
    }
    try {
      const report: HealthReport = await withTimeout(
        options.health?.() ?? Promise.resolve({ ready: true }),
        options.healthTimeoutMs ?? 1000,
      );
      response.status(report.ready ? 200 : 503).json({ status: report.ready ? "ok" : "unavailable", ...report.details });
    } catch (error) {
      logger.warn({ err: error }, "not ready");
      response.status(503).json({ status: "unavailable" });
    }
  };
  app.get("/health/ready", ready);
  app.get("/health", ready);

  // Prometheus text of this process; without a token it is open, as /health is (see docs/configuration.md).
  app.get("/metrics", async (request, response) => {
    if (options.metricsToken && !secretsMatch(request.header("authorization"), `Bearer ${options.metricsToken}`)) {
      response.status(401).json(httpErrorBody("UNAUTHENTICATED", "/metrics needs the metrics token."));
      return;
    }
    response.setHeader("content-type", metricsRegistry.contentType);
    response.end(await metricsRegistry.metrics());
  });

  // Every GraphQL request: its ids first (answered in x-request-id), one log line and its count once answered.
  app.use("/graphql", (request, response, next) => {
    const started = performance.now();
    const observation = observe(request.headers);
    observations.set(request, observation);
    response.setHeader(REQUEST_ID_HEADER, observation.requestId);
    response.once("close", () => {
      const durationMs = performance.now() - started;
      const status = response.headersSent ? response.statusCode : 499;
      const lane = request.header(LANE_HEADER) === "heavy" && options.lane ? "heavy" : "main";
      logger.info(logFields(observation, { status, durationMs, lane: lane === "heavy" ? lane : undefined }), "request");
      countRequest(options.service ?? "graphql", { ...observation, status, seconds: durationMs / 1000, lane });
    });
    next();
  });

  app.use("/graphql", (request, response, next) => {
    const refusal = options.guard?.(request);
    if (!refusal) return next();
    response.status(refusal.status).json(httpErrorBody(refusal.code, refusal.message));
  });
  const { lane } = options;
  if (lane) {
    // Requests marked for the heavy lane go there as bytes, before the JSON parser: the lane parses
    // them (src/lane.ts). The same body limit; a body over it is refused here as for any request.
    const rawBody = express.raw({ type: "application/json", limit: options.bodyLimit });
    app.post("/graphql", (request, response, next) => {
      if (request.header(LANE_HEADER) !== "heavy") return next();
      rawBody(request, response, (error?: unknown) => {
        if (error) return next(error);
        // Not JSON (no body read): the main thread answers it, as any request it cannot parse.
        if (!Buffer.isBuffer(request.body)) return next();
        const observation = observations.get(request);
        // A copy in a buffer of its own (never Node's shared pool), so that it can be moved.
        const body = new Uint8Array(request.body);
        lane({ headers: request.headers, body }).then((answer) => {
          if (observation && answer.observed) Object.assign(observation, answer.observed);
          response.status(answer.status);
          for (const [name, value] of answer.headers) response.setHeader(name, value);
          response.end(answer.body);
        }, next);
      });
    });
  }
  app.use("/graphql", express.json({ limit: options.bodyLimit }));
  const { finishBody } = options;
  if (finishBody) {
    // Apollo's Express integration writes the body with send(); this is the one place it passes.
    app.use("/graphql", (request, response, next) => {
      const send = response.send.bind(response);
      response.send = (body) => send(typeof body === "string" ? finishBody(request, body) : body);
      next();
    });
  }
  app.use(
    "/graphql",
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const observation = observations.get(req) ?? observe(req.headers);
        return attachObservation(await options.context(req, observation), observation);
      },
    }),
  );

  for (const [path, handler] of Object.entries(options.routes ?? {})) app.get(path, handler);
  if (options.fallback) app.use(options.fallback);

  // Express's default handler answers in HTML with a stack trace outside production: never use it.
  const onError: ErrorRequestHandler = (error, _request, response, _next) => {
    if (error?.type === "entity.too.large") {
      response.status(413).json(httpErrorBody("PAYLOAD_TOO_LARGE", `The request body is larger than ${options.bodyLimit}.`));
    } else if (error?.type === "entity.parse.failed") {
      response.status(NOT_JSON.status).json(NOT_JSON.body);
    } else if (error?.expose === true && error.status >= 400 && error.status < 500) {
      // The body parser's other refusals are the client's to mend (an unsupported charset or
      // content encoding: 415; a body cut short: 400), in its own words; never a stack or our code.
      response.status(error.status).json(httpErrorBody("BAD_REQUEST", `The request body could not be read: ${error.message}.`));
    } else {
      logger.error({ err: error }, "request failed outside GraphQL");
      response.status(500).json(httpErrorBody("INTERNAL_SERVER_ERROR", "Something went wrong on our side."));
    }
  };
  app.use(onError);
  app.use((_request, response) => {
    response.status(404).json(httpErrorBody("NOT_FOUND", "Nothing here: the GraphQL endpoint is /graphql."));
  });

  const host = options.host ?? "127.0.0.1";
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(options.port, host, (error?: Error) => (error ? reject(error) : resolve(listening)));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}/graphql`,
    port,
    close: async ({ graceMs = 0 } = {}) => {
      draining = true;
      await new Promise<void>((resolve) => {
        // No new connections from here on; idle keep-alive ones are closed now, busy ones as soon
        // as their request is answered, and whatever is still busy after graceMs is cut.
        server.close(() => resolve());
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        const cut =
          graceMs > 0
            ? setTimeout(() => {
                logger.warn({ graceMs }, "requests still in flight after the grace period: closing their connections");
                server.closeAllConnections();
              }, graceMs)
            : undefined;
        if (!cut) server.closeAllConnections();
        server.once("close", () => {
          clearInterval(idle);
          clearTimeout(cut);
        });
      });
      await apollo.stop();
    },
  };
}

/** Rejects when `work` has not settled within `ms`. */
export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
