// A subgraph that hangs (as a SIGSTOPped process does: connections accepted, nothing answered) or is
// down costs the client at most the subgraph timeout, and the answer keeps what the healthy
// subgraphs gave, with an error naming the missing subgraph and where, never its address. The
// gateway's main thread and its heavy lane answer alike.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { demoTree, householdsOfBlock } from "@grassroots/demo-district";
import { ADMIN, graphql } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGraph, startGraph } from "./harness";
import { expectNothingInternal } from "./support/leaks";

const TIMEOUT_MS = 500;
let graph: RunningGraph;
let hanging: Server;
let hangingUrl: string;
const gateways: { main?: string; lane?: string } = {};
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  graph = await startGraph({ gateway: { heavyLane: false } });
  hanging = createServer(() => {
    // Accepts the request and never answers.
  });
  await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
  hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/graphql`;
  for (const [lane, heavyLane] of [
    ["main", false],
    ["lane", { cost: 1 }],
  ] as const) {
    const gateway = await graph.startOwnGateway({
      subgraphTimeoutMs: TIMEOUT_MS,
      heavyLane,
      subgraphUrls: { residents: hangingUrl },
    });
    gateways[lane] = gateway.url;
    closers.push(gateway.close);
  }
}, 120_000);
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  hanging?.closeAllConnections();
  await new Promise((resolve) => hanging?.close(resolve));
  await graph?.close();
});

const household = () => householdsOfBlock(demoTree(graph.scale).blocks[0]!.code, graph.scale).households[0]!;

async function ask(lane: "main" | "lane", query: string, variables?: Record<string, unknown>) {
  const started = Date.now();
  const response = await graphql(gateways[lane]!, query, variables, await graph.auth.headers(ADMIN));
  expectNothingInternal(response.raw);
  return { ...response, ms: Date.now() - started };
}

describe.each(["main", "lane"] as const)("with the residents subgraph hanging (%s thread)", (lane) => {
  it("answers the healthy subgraphs' part, and an error naming residents at its path, within the timeout", async () => {
    const tree = demoTree(graph.scale);
    const response = await ask(
      lane,
      `query ($id: ID!) { district(code: "310105") { code name streets { code } } household(id: $id) { id size } }`,
      { id: household().id },
    );
    expect(response.ms).toBeLessThan(TIMEOUT_MS + 2000);
    expect(response.status).toBe(200);
    expect(response.data).toEqual({
      district: { code: "310105", name: tree.district.name, streets: tree.streets.map((street) => ({ code: street.code })) },
      household: null,
    });
    expect(response.errors).toEqual([
      {
        message: expect.stringMatching(/^The residents service did not answer within 500 ms/),
        path: ["household"],
        extensions: { code: "SUBGRAPH_UNAVAILABLE", serviceName: "residents" },
      },
    ]);
  });

  it("names residents at the first place whose figures it serves, keeping the other places' data", async () => {
    // District.householdCount is residents' and non-null: the district nulls (nullability
    // permitting, no further), and the other root field stands.
    const response = await ask(
      lane,
      `{ district(code: "310105") { code name householdCount } jurisdiction(code: "310105001") { code name } }`,
    );
    expect(response.ms).toBeLessThan(TIMEOUT_MS + 2000);
    expect(response.data).toEqual({ district: null, jurisdiction: { code: "310105001", name: expect.any(String) } });
    expect(response.errors?.[0]).toEqual({
      message: expect.stringMatching(/^The residents service did not answer/),
      path: ["district"],
      extensions: { code: "SUBGRAPH_UNAVAILABLE", serviceName: "residents" },
    });
  });
});

describe("with a subgraph down (connection refused)", () => {
  it("answers the rest and names it, without its address", async () => {
    const gateway = await graph.startOwnGateway({
      heavyLane: false,
      subgraphUrls: { escalations: "http://127.0.0.1:9/graphql" },
    });
    try {
      const response = await graphql(
        gateway.url,
        `{ district(code: "310105") { code householdCount } case(id: "c") { id } }`,
        {},
        await graph.auth.headers(ADMIN),
      );
      expectNothingInternal(response.raw);
      expect(response.data?.district).toEqual({ code: "310105", householdCount: expect.any(Number) });
      expect(response.errors).toEqual([
        {
          message: expect.stringMatching(/^The escalations service could not be reached/),
          path: ["case"],
          extensions: { code: "SUBGRAPH_UNAVAILABLE", serviceName: "escalations" },
        },
      ]);
    } finally {
      await gateway.close();
    }
  });
});
