import { ApolloServer } from "@apollo/server";
import { GraphQLError } from "graphql";
import { pino } from "pino";
import { describe, expect, it, vi } from "vitest";
import { serveGraphQL } from "./http";
import { errorCodeLabel, metricsRegistry, operationLabel } from "./metrics";
import { logFields, noteRole, observationPlugin, observe } from "./request-log";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

describe("a request's ids", () => {
  it("keeps a sane x-request-id and the traceparent's trace id, with a span id of its own to send on", () => {
    const observation = observe({ "x-request-id": "phone-42.retry:1", traceparent: `00-${TRACE}-00f067aa0ba902b7-01` });
    expect(observation.requestId).toBe("phone-42.retry:1");
    expect(observation.traceId).toBe(TRACE);
    expect(observation.traceparent).toMatch(new RegExp(`^00-${TRACE}-[0-9a-f]{16}-01$`));
    expect(observation.traceparent).not.toContain("00f067aa0ba902b7");
  });

  it.each([
    ["too long", "x".repeat(129)],
    ["with spaces", "a b"],
    ["with a newline (log injection)", 'a\n{"level":60}'],
    ["empty", ""],
  ])("makes a request id when the given one is %s", (_, given) => {
    const observation = observe({ "x-request-id": given });
    expect(observation.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ["missing", undefined],
    ["malformed", "00-xyz-00f067aa0ba902b7-01"],
    ["all zeros", `00-${"0".repeat(32)}-00f067aa0ba902b7-01`],
    ["of an unknown version", `01-${TRACE}-00f067aa0ba902b7-01`],
  ])("makes a trace id when the traceparent is %s", (_, traceparent) => {
    const observation = observe({ traceparent });
    expect(observation.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(observation.traceId).not.toBe(TRACE);
    expect(observation.traceparent).toMatch(new RegExp(`^00-${observation.traceId}-[0-9a-f]{16}-00$`));
  });

  it("logs the role only when it is shaped like one, and never more than the fields an operator needs", () => {
    const observation = observe({});
    noteRole(observation, "street_officer\n");
    expect(observation.role).toBeUndefined();
    noteRole(observation, "street_officer");
    observation.operationName = "Dashboard";
    observation.errorCodes.push("FORBIDDEN", "FORBIDDEN");
    expect(Object.keys(logFields(observation, { status: 200, durationMs: 12.345 }))).toEqual([
      "requestId",
      "traceId",
      "operation",
      "status",
      "durationMs",
      "errorCodes",
      "role",
    ]);
    expect(logFields(observation, { status: 200, durationMs: 12.345 })).toMatchObject({
      durationMs: 12.3,
      errorCodes: ["FORBIDDEN"],
      role: "street_officer",
    });
  });
});

describe("a server's request line and /metrics", () => {
  it("logs the operation, its error codes and the ids, counts it, and asks for the metrics token when one is set", async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const server = await serveGraphQL({
      apollo: new ApolloServer({
        typeDefs: "type Query { secret(phone: String): String }",
        resolvers: {
          Query: {
            secret: () => {
              throw new GraphQLError("Not yours.", { extensions: { code: "FORBIDDEN" } });
            },
          },
        },
        plugins: [observationPlugin()],
        stopOnTerminationSignals: false,
      }),
      context: async (_request, observation) => {
        noteRole(observation, "block_member");
        return {};
      },
      logger,
      service: "probe",
      metricsToken: "m".repeat(32),
      port: 0,
      bodyLimit: "10kb",
    });
    try {
      const answer = await fetch(server.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-request-id": "probe-1",
          traceparent: `00-${TRACE}-00f067aa0ba902b7-01`,
        },
        body: JSON.stringify({ query: "query Peek($a: String) { secret(phone: $a) }", variables: { a: "13912345678" } }),
      });
      expect(answer.headers.get("x-request-id")).toBe("probe-1");
      await answer.text();
      await vi.waitFor(() => expect(lines.some((line) => line.msg === "request")).toBe(true));
      const line = lines.find((candidate) => candidate.msg === "request")!;
      expect(line).toMatchObject({
        requestId: "probe-1",
        traceId: TRACE,
        operation: "Peek",
        status: 200,
        errorCodes: ["FORBIDDEN"],
        role: "block_member",
      });
      expect(JSON.stringify(line)).not.toContain("13912345678");

      const metricsUrl = new URL("/metrics", server.url);
      expect((await fetch(metricsUrl)).status).toBe(401);
      const metrics = await (await fetch(metricsUrl, { headers: { authorization: `Bearer ${"m".repeat(32)}` } })).text();
      expect(metrics).toContain('grassroots_requests_total{service="probe",operation="Peek",status="200",lane="main"} 1');
      expect(metrics).toContain('grassroots_request_errors_total{service="probe",code="FORBIDDEN"} 1');
    } finally {
      await server.close();
    }
  });
});

// After the server test: this one fills the process's set of operation names.
describe("metric labels a client chooses", () => {
  it("bucket anonymous, malformed and too many distinct operation names", async () => {
    expect(operationLabel(undefined)).toBe("anonymous");
    expect(operationLabel("not a name")).toBe("other");
    expect(operationLabel("x".repeat(81))).toBe("other");
    const names = Array.from({ length: 300 }, (_, i) => `Flood${i}`);
    const labels = new Set(names.map(operationLabel));
    expect(labels.size).toBeLessThanOrEqual(201);
    expect(labels).toContain("other");
    // A name seen before the bound keeps its own label.
    expect(operationLabel("Flood0")).toBe("Flood0");
    expect(errorCodeLabel("BAD_USER_INPUT")).toBe("BAD_USER_INPUT");
    expect(errorCodeLabel("bad code")).toBe("other");
    expect(await metricsRegistry.metrics()).toContain("# TYPE grassroots_requests_total counter");
  });
});
