// Serves an Apollo Server over HTTP (Express 5): /graphql with a body limit, /health, JSON errors
// for what fails before GraphQL runs, and a clean close.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApolloServer, BaseContext } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type ErrorRequestHandler, type Request } from "express";
import type { Logger } from "pino";
import { LANE_HEADER, type LaneAnswer, type LaneRequest } from "./lane";

export interface Refusal {
  status: number;
  code: string;
  message: string;
}

export interface ServeOptions<Context extends BaseContext> {
  apollo: ApolloServer<Context>;
  context: (request: Request) => Promise<Context>;
  logger: Logger;
  port: number;
  host?: string;
  /** Largest request body accepted, e.g. "100kb". */
  bodyLimit: string;
  /** Checked before the body is read or parsed: a refusal here costs the server nothing more. */
  guard?: (request: Request) => Refusal | null;
  /** Answers the requests marked for the heavy lane (src/lane.ts), on its own thread. */
  lane?: (request: LaneRequest) => Promise<LaneAnswer>;
  /** Throws when a dependency is down; what it returns is shown on /health. */
  health?: () => Promise<Record<string, unknown>>;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const errorBody = (code: string, message: string) => ({ errors: [{ message, extensions: { code } }] });

export async function serveGraphQL<Context extends BaseContext>(options: ServeOptions<Context>): Promise<RunningServer> {
  const { apollo, logger } = options;
  await apollo.start();
  const app = express();
  app.disable("x-powered-by");

  app.get("/health", async (_request, response) => {
    try {
      response.json({ status: "ok", ...(await options.health?.()) });
    } catch (error) {
      logger.error({ err: error }, "health check failed");
      response.status(503).json({ status: "unavailable" });
    }
  });

  app.use("/graphql", (request, response, next) => {
    const refusal = options.guard?.(request);
    if (!refusal) return next();
    response.status(refusal.status).json(errorBody(refusal.code, refusal.message));
  });
  app.use("/graphql", express.json({ limit: options.bodyLimit }));
  const { lane } = options;
  if (lane) {
    app.post("/graphql", (request, response, next) => {
      if (request.header(LANE_HEADER) !== "heavy") return next();
      lane({ headers: request.headers, body: request.body }).then((answer) => {
        response.status(answer.status);
        for (const [name, value] of answer.headers) response.setHeader(name, value);
        response.end(answer.body);
      }, next);
    });
  }
  app.use("/graphql", expressMiddleware(apollo, { context: ({ req }) => options.context(req) }));

  // Express's default handler answers in HTML with a stack trace outside production: never use it.
  const onError: ErrorRequestHandler = (error, _request, response, _next) => {
    if (error?.type === "entity.too.large") {
      response.status(413).json(errorBody("PAYLOAD_TOO_LARGE", `The request body is larger than ${options.bodyLimit}.`));
    } else if (error?.type === "entity.parse.failed") {
      response.status(400).json(errorBody("BAD_REQUEST", "The request body is not valid JSON."));
    } else {
      logger.error({ err: error }, "request failed outside GraphQL");
      response.status(500).json(errorBody("INTERNAL_SERVER_ERROR", "Something went wrong on our side."));
    }
  };
  app.use(onError);
  app.use((_request, response) => {
    response.status(404).json(errorBody("NOT_FOUND", "Nothing here: the GraphQL endpoint is /graphql."));
  });

  const host = options.host ?? "127.0.0.1";
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(options.port, host, (error?: Error) => (error ? reject(error) : resolve(listening)));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await apollo.stop();
    },
  };
}
