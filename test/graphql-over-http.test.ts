// The gateway speaks GraphQL over HTTP as Apollo Server does on its own: a document that does not
// parse is 400 GRAPHQL_PARSE_FAILED with where it broke, one that does not validate is 400
// GRAPHQL_VALIDATION_FAILED, and the graphql-http conformance audit passes.
import { ADMIN } from "@grassroots/platform/testing";
import { type AuditResult, auditServer } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGraph, startGraph } from "./harness";
import { expectNothingInternal } from "./support/leaks";

let graph: RunningGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const GRAPHQL_RESPONSE = "application/graphql-response+json";

async function post(body: string, accept?: string) {
  const response = await fetch(graph.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(accept ? { accept } : {}), ...(await graph.auth.headers(ADMIN)) },
    body,
  });
  const raw = await response.text();
  expectNothingInternal(raw);
  return { status: response.status, contentType: response.headers.get("content-type"), raw, body: JSON.parse(raw) };
}

describe("documents that do not parse or validate", () => {
  it("answers a syntax error with 400 GRAPHQL_PARSE_FAILED and its location", async () => {
    const response = await post(JSON.stringify({ query: "{" }));
    expect(response.status).toBe(400);
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors).toEqual([
      {
        message: expect.stringMatching(/^Syntax Error: Expected Name, found <EOF>\./),
        locations: [{ line: 1, column: 2 }],
        extensions: { code: "GRAPHQL_PARSE_FAILED" },
      },
    ]);
  });

  it("answers a syntax error in application/graphql-response+json when the client accepts it", async () => {
    const response = await post(JSON.stringify({ query: "query { district(code: ) { code } }" }), GRAPHQL_RESPONSE);
    expect(response.status).toBe(400);
    expect(response.contentType).toMatch(GRAPHQL_RESPONSE);
    expect(response.body.errors[0].extensions).toEqual({ code: "GRAPHQL_PARSE_FAILED" });
    expect(response.body.errors[0].locations).toEqual([{ line: 1, column: 24 }]);
  });

  it("answers a document over the token limit with 400 GRAPHQL_PARSE_FAILED", async () => {
    const fields = Array.from({ length: 6000 }, () => "code").join(" ");
    const response = await post(JSON.stringify({ query: `{ district(code: "310105") { ${fields} } }` }));
    expect(response.status).toBe(400);
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors[0].message).toMatch(/token/i);
    expect(response.body.errors[0].extensions).toEqual({ code: "GRAPHQL_PARSE_FAILED" });
  });

  it("answers an unknown field with 400 GRAPHQL_VALIDATION_FAILED, its location and no suggestion", async () => {
    const response = await post(JSON.stringify({ query: `{ district(code: "310105") { nme } }` }), GRAPHQL_RESPONSE);
    expect(response.status).toBe(400);
    expect(response.contentType).toMatch(GRAPHQL_RESPONSE);
    expect(response.body.errors).toEqual([
      {
        message: 'Cannot query field "nme" on type "District".',
        locations: [{ line: 1, column: 30 }],
        extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
      },
    ]);
  });

  it("answers a query over the depth limit with 400 GRAPHQL_VALIDATION_FAILED", async () => {
    const deep = `{ district(code: "310105") { streets { district { streets { district { streets { district { streets { district { streets { district { streets { code } } } } } } } } } } } } }`;
    const response = await post(JSON.stringify({ query: deep }));
    expect(response.status).toBe(400);
    expect(response.body.errors[0].message).toMatch(/depth/i);
    expect(response.body.errors[0].extensions).toEqual({ code: "GRAPHQL_VALIDATION_FAILED" });
  });
});

describe("the GraphQL-over-HTTP audit (graphql-http)", () => {
  it("passes at least as many audits as Apollo Server alone (55), none in error, and prints the rest", async () => {
    const authorization = await graph.auth.headers(ADMIN);
    // Every audit request carries an admin's token: the gateway refuses anonymous callers first.
    const fetchFn: typeof fetch = (input, init = {}) => {
      const headers = new Headers(init.headers);
      for (const [name, value] of Object.entries(authorization)) headers.set(name, value);
      return fetch(input, { ...init, headers });
    };
    const results = await auditServer({ url: graph.url, fetchFn });
    const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
    for (const result of results) counts[result.status]++;
    const notOk = results.filter((result): result is Exclude<AuditResult, { status: "ok" }> => result.status !== "ok");
    for (const result of notOk) {
      console.info(`${result.status} ${result.id} ${result.name}: ${result.reason} (HTTP ${result.response.status})`);
    }
    console.info(`graphql-http audit of the gateway: ${JSON.stringify(counts)}`);
    expect(notOk.filter((result) => result.status === "error")).toEqual([]);
    expect(counts.ok).toBeGreaterThanOrEqual(55);
  });
});
