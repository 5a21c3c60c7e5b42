// What the gateway refuses, and what it never lets out: stack traces, SQL, internal URLs.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ADMIN, graphql } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGraph, startGraph } from "./harness";
import { expectNothingInternal } from "./support/leaks";

let graph: RunningGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

describe("gateway limits", () => {
  it("refuses a query nested deeper than the limit", async () => {
    const deep = `{ district(code: "310105") { streets { district { streets { district { streets { district { streets { district { streets { district { streets { code } } } } } } } } } } } } }`;
    const response = await graph.query(deep);
    expect(response.errors?.[0]?.message).toMatch(/depth/i);
    expect(response.data).toBeUndefined();
  });

  it("refuses too many aliases", async () => {
    const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: district(code: "310105") { code }`).join(" ");
    const response = await graph.query(`{ ${aliases} }`);
    expect(response.errors?.[0]?.message).toMatch(/aliases/i);
  });

  it("refuses a document with too many tokens", async () => {
    const fields = Array.from({ length: 6000 }, () => "code").join(" ");
    const response = await graph.query(`{ district(code: "310105") { ${fields} } }`);
    expect(response.errors?.[0]?.message).toMatch(/token/i);
  });

  it("refuses a body over the limit with 413 and a JSON error", async () => {
    const response = await fetch(graph.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __typename }", variables: { padding: "x".repeat(200_000) } }),
    });
    expect(response.status).toBe(413);
    const raw = await response.text();
    expect(JSON.parse(raw).errors[0].extensions.code).toBe("PAYLOAD_TOO_LARGE");
    expectNothingInternal(raw);
  });

  it("answers malformed JSON with 400 and no stack trace", async () => {
    const response = await fetch(graph.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(response.status).toBe(400);
    expectNothingInternal(await response.text());
  });

  it("hides field suggestions that would map the schema for a stranger", async () => {
    const response = await graph.query(`{ district(code: "310105") { nme } }`);
    expect(response.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });
});

describe("errors carry a code and nothing internal", () => {
  it("passes a subgraph's BAD_USER_INPUT through unchanged in meaning", async () => {
    const response = await graph.query(`{ household(id: "nope") { id } }`);
    expect(response.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "id" });
    expectNothingInternal(response.raw);
  });

  it("names a subgraph that is down, without its address", async () => {
    const gateway = await graph.startOwnGateway({ subgraphUrls: { residents: "http://127.0.0.1:9/graphql" } });
    try {
      const response = await graphql(
        gateway.url,
        `{ district(code: "310105") { code householdCount } }`,
        {},
        await graph.auth.headers(ADMIN),
      );
      expect(response.errors?.[0]?.extensions).toEqual({ code: "SUBGRAPH_UNAVAILABLE", serviceName: "residents" });
      expectNothingInternal(response.raw);
    } finally {
      await gateway.close();
    }
  });

  it("gives up on a subgraph that hangs after the timeout", async () => {
    const hanging: Server = createServer(() => {
      // never answers
    });
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    const port = (hanging.address() as AddressInfo).port;
    const gateway = await graph.startOwnGateway({
      subgraphTimeoutMs: 300,
      subgraphUrls: { residents: `http://127.0.0.1:${port}/graphql` },
    });
    try {
      const started = Date.now();
      const response = await graphql(
        gateway.url,
        `{ district(code: "310105") { code householdCount } }`,
        {},
        await graph.auth.headers(ADMIN),
      );
      expect(Date.now() - started).toBeLessThan(5000);
      expect(response.errors?.[0]?.extensions).toEqual({ code: "SUBGRAPH_UNAVAILABLE", serviceName: "residents" });
      expectNothingInternal(response.raw);
    } finally {
      await gateway.close();
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });

  it("reports health for itself and each subgraph, by name only", async () => {
    const response = await fetch(new URL("/health", graph.url));
    const raw = await response.text();
    expect(JSON.parse(raw)).toEqual({
      status: "ok",
      subgraphs: { blocks: "ok", residents: "ok", delegates: "ok", escalations: "ok" },
    });
    expectNothingInternal(raw);
  });
});
