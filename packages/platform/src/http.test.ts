// Health answers and the bound on a graceful close, on a server with a one-field schema.
import { request } from "node:http";
import { connect } from "node:net";
import { ApolloServer } from "@apollo/server";
import { afterEach, describe, expect, it } from "vitest";
import { type HealthReport, type RunningServer, serveGraphQL } from "./http";
import { LANE_HEADER } from "./lane";
import { createLogger } from "./logger";

let server: RunningServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(health?: () => Promise<HealthReport>, lane?: Parameters<typeof serveGraphQL>[0]["lane"]) {
  server = await serveGraphQL({
    lane,
    apollo: new ApolloServer({
      typeDefs: "type Query { hello: String }",
      resolvers: { Query: { hello: () => "hi" } },
      stopOnTerminationSignals: false,
    }),
    context: async () => ({}),
    logger: createLogger("http-test", "silent"),
    port: 0,
    bodyLimit: "10kb",
    health,
    healthTimeoutMs: 200,
  });
  return server;
}

const get = async (running: RunningServer, path: string) => {
  const response = await fetch(new URL(path, running.url));
  return { status: response.status, body: await response.json() };
};

describe("the heavy lane's requests", () => {
  it("go to the lane as the body's bytes, unparsed, within the body limit; the others to Apollo", async () => {
    const received: { body: Uint8Array; movable: boolean }[] = [];
    const running = await serve(undefined, async (request) => {
      // The lane's thread takes the bytes over: they must be in a buffer of their own, which the
      // main thread no longer reads once moved (here, moved away as the lane's RequestThread does).
      received.push({
        body: request.body.slice(),
        movable: request.body.byteOffset === 0 && request.body.buffer.byteLength === request.body.byteLength,
      });
      structuredClone(request.body, { transfer: [request.body.buffer] });
      expect(request.body.byteLength).toBe(0);
      return {
        status: 200,
        headers: [["content-type", "application/json"]],
        body: new TextEncoder().encode('{"data":{"hello":"lane"}}'),
      };
    });
    const post = (body: string, heavy: boolean) =>
      fetch(new URL("/graphql", running.url), {
        method: "POST",
        headers: { "content-type": "application/json", ...(heavy ? { [LANE_HEADER]: "heavy" } : {}) },
        body,
      });
    const text = JSON.stringify({ query: "{ hello }" });
    expect(await (await post(text, true)).json()).toEqual({ data: { hello: "lane" } });
    expect(new TextDecoder().decode(received[0]!.body)).toBe(text);
    expect(received[0]!.movable).toBe(true);
    // Not valid JSON: still bytes to the lane, which answers for it (src/lane.ts).
    await post("{ not json", true);
    expect(new TextDecoder().decode(received[1]!.body)).toBe("{ not json");
    // Over the limit (10kb here): refused before any lane sees it.
    const tooLarge = await post(JSON.stringify({ query: `{ hello } # ${"x".repeat(20_000)}` }), true);
    expect(tooLarge.status).toBe(413);
    expect(received).toHaveLength(2);
    expect(await (await post(text, false)).json()).toEqual({ data: { hello: "hi" } });
    expect(received).toHaveLength(2);
  });
});

describe("a body the server cannot read", () => {
  it("is the client's to mend, answered with its status and why, never as an internal error", async () => {
    const running = await serve();
    const post = async (headers: Record<string, string>, body: string) => {
      const response = await fetch(new URL("/graphql", running.url), { method: "POST", headers, body });
      return { status: response.status, body: await response.json() };
    };
    const query = JSON.stringify({ query: "{ hello }" });
    expect(await post({ "content-type": "application/json; charset=latin9" }, query)).toEqual({
      status: 415,
      body: {
        errors: [
          { message: 'The request body could not be read: unsupported charset "LATIN9".', extensions: { code: "BAD_REQUEST" } },
        ],
      },
    });
    expect(await post({ "content-type": "application/json", "content-encoding": "compress" }, query)).toEqual({
      status: 415,
      body: {
        errors: [
          {
            message: 'The request body could not be read: unsupported content encoding "compress".',
            extensions: { code: "BAD_REQUEST" },
          },
        ],
      },
    });
    // A body that says it is compressed and is not.
    expect(await post({ "content-type": "application/json", "content-encoding": "br" }, query)).toEqual({
      status: 400,
      body: {
        errors: [{ message: "The request body could not be read: Decompression failed.", extensions: { code: "BAD_REQUEST" } }],
      },
    });
    expect(await post({ "content-type": "application/json" }, "{ not json")).toEqual({
      status: 400,
      body: { errors: [{ message: "The request body is not valid JSON.", extensions: { code: "BAD_REQUEST" } }] },
    });
    expect(await post({ "content-type": "application/json" }, query)).toEqual({ status: 200, body: { data: { hello: "hi" } } });
  });
});

describe("health", () => {
  it("is live whatever its dependencies, ready only when they answer in time", async () => {
    let report: Promise<HealthReport> = Promise.resolve({ ready: true, details: { subgraph: "test" } });
    const running = await serve(() => report);
    expect(await get(running, "/health/live")).toEqual({ status: 200, body: { status: "ok" } });
    expect(await get(running, "/health/ready")).toEqual({ status: 200, body: { status: "ok", subgraph: "test" } });
    report = Promise.resolve({ ready: false, details: { database: "unavailable" } });
    expect(await get(running, "/health/ready")).toEqual({
      status: 503,
      body: { status: "unavailable", database: "unavailable" },
    });
    expect(await get(running, "/health")).toEqual({ status: 503, body: { status: "unavailable", database: "unavailable" } });
    report = new Promise(() => {});
    const started = Date.now();
    expect(await get(running, "/health/ready")).toEqual({ status: 503, body: { status: "unavailable" } });
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await get(running, "/health/live")).status).toBe(200);
  });
});

describe("a graceful close", () => {
  it("refuses new connections at once and cuts a request still in flight after the grace period", async () => {
    const running = await serve();
    // A request whose body never comes: in flight for as long as the client likes.
    const inFlight = request({
      host: "127.0.0.1",
      port: running.port,
      path: "/graphql",
      method: "POST",
      headers: { "content-type": "application/json", "content-length": "100", expect: "100-continue" },
    });
    const ended = new Promise<string>((resolve) => {
      inFlight.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      inFlight.on("response", (response) => resolve(`answered ${response.statusCode}`));
    });
    inFlight.flushHeaders();
    await new Promise((resolve) => inFlight.once("continue", resolve));
    const started = Date.now();
    const closed = running.close({ graceMs: 300 });
    const refused = await new Promise<string>((resolve) => {
      const socket = connect({ host: "127.0.0.1", port: running.port });
      socket.once("connect", () => resolve("connected"));
      socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? ""));
    });
    expect(refused).toBe("ECONNREFUSED");
    await closed;
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(await ended).toBe("ECONNRESET");
    server = undefined;
  });
});
