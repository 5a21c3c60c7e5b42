// Hive Gateway in front of the same subgraphs, configured as routers/hive/options.ts says (the
// configuration docs/routers.md gives operators): it sends each subgraph what it needs (the gateway
// secret, the caller's token, address, request id and trace context, nothing else of the client's),
// answers data queries as our gateway does, and the limits hold: its own shape limits, and the
// subgraphs' cost limit on the fetches it plans; no field suggestion reaches a client.
import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SUPERGRAPH_PATH } from "@grassroots/gateway";
import { ADMIN, graphql } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER, GATEWAY_SECRET_HEADER, hiveGatewayOptions } from "../routers/hive/options";
import { type RunningGraph, startGraph } from "./harness";
import { expectNothingInternal } from "./support/leaks";
import { demoUser } from "./support/users";

let graph: RunningGraph;
const servers: Server[] = [];
const disposers: (() => unknown)[] = [];

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

/** The committed supergraph with each subgraph's URL replaced. */
function supergraphWith(urls: Record<string, string>): string {
  let sdl = readFileSync(SUPERGRAPH_PATH, "utf8");
  for (const [name, url] of Object.entries(urls)) {
    sdl = sdl.replace(new RegExp(`(@join__graph\\(name: "${name}", url: )"[^"]*"`), `$1"${url}"`);
  }
  return sdl;
}

// Hive Gateway's logger reads LOG_LEVEL as each request runs and knows no "silent" (the tests'
// level): errors only, in this file.
process.env.LOG_LEVEL = "error";

/**
 * Hive Gateway, loaded by a name TypeScript does not follow: its types augment graphql's error
 * extensions (Yoga's `http.headers` as a record) for every file of this project, which the
 * gateway's Map of headers then fails. bench/, which runs it too, is checked on its own.
 */
interface HiveRuntime {
  (request: import("node:http").IncomingMessage, response: import("node:http").ServerResponse): void;
  dispose(): unknown;
}
const HIVE_GATEWAY = "@graphql-hive/gateway";
const { createGatewayRuntime } = (await import(/* @vite-ignore */ HIVE_GATEWAY)) as {
  createGatewayRuntime(config: Record<string, unknown>): HiveRuntime;
};

async function startHive(urls: Record<string, string>): Promise<string> {
  const gateway = createGatewayRuntime({
    supergraph: supergraphWith(urls),
    logging: false,
    ...hiveGatewayOptions({ gatewaySecret: graph.auth.gatewaySecret, subgraphTimeoutMs: 2000 }),
  });
  disposers.push(() => gateway.dispose());
  return listen(createServer(gateway));
}

const subgraphUrls = () => Object.fromEntries(Object.values(graph.subgraphs).map((subgraph) => [subgraph.name, subgraph.url]));

let hive: string;
beforeAll(async () => {
  graph = await startGraph();
  hive = await startHive(subgraphUrls());
}, 120_000);
afterAll(async () => {
  await Promise.all(disposers.map((dispose) => dispose()));
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await graph?.close();
});

const ask = async (query: string, variables?: Record<string, unknown>, as = demoUser("demo-district-analyst")) => {
  const response = await graphql(hive, query, variables, await graph.auth.headers(as));
  expectNothingInternal(response.raw);
  return response;
};

describe("Hive Gateway with routers/hive/options.ts", () => {
  it("answers a dashboard exactly as our gateway does, as the analyst (masked) and an admin", async () => {
    const query = `{ district(code: "310105") { name householdCount streets { code communities { code blocks { code householdCount visitCoverage { visitedHouseholds } caseStats { open } households(first: 2) { edges { node { address residents { name } } } } } } } } }`;
    for (const user of [demoUser("demo-district-analyst"), ADMIN]) {
      const ours = await graph.query(query, {}, user);
      const theirs = await ask(query, {}, user);
      expect(ours.errors).toBeUndefined();
      expect(ours.data?.district.streets.length).toBeGreaterThan(0);
      expect(theirs.errors).toBeUndefined();
      expect(theirs.data).toEqual(ours.data);
    }
  });

  it("sends each subgraph the secret, the caller's token, address, request id and trace, and none of the client's other headers", async () => {
    const seen: IncomingHttpHeaders[] = [];
    const recorder = await listen(
      createServer((request, response) => {
        seen.push(request.headers);
        response.setHeader("content-type", "application/json");
        response.end(JSON.stringify({ data: { district: null } }));
      }),
    );
    const url = await startHive({ ...subgraphUrls(), blocks: recorder });
    const traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    const headers: Record<string, string> = {
      ...(await graph.auth.headers(ADMIN)),
      traceparent,
      "x-request-id": "req-1",
      [GATEWAY_SECRET_HEADER]: "forged",
      [CLIENT_ADDRESS_HEADER]: "10.9.9.9",
      cookie: "session=1",
    };
    await graphql(url, `{ district(code: "310105") { code } }`, {}, headers);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      [GATEWAY_SECRET_HEADER]: graph.auth.gatewaySecret,
      authorization: headers.authorization,
      [CLIENT_ADDRESS_HEADER]: expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$/),
      traceparent,
      "x-request-id": "req-1",
    });
    expect(seen[0]?.cookie).toBeUndefined();
  });

  it("refuses a document deeper than the limit itself", async () => {
    const deep = `{ district(code: "310105") { streets { district { streets { district { streets { district { streets { district { streets { district { streets { code } } } } } } } } } } } } }`;
    const response = await ask(deep);
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0]?.message).toMatch(/depth/i);
  });

  it("gets a too-costly fetch refused by the subgraph, with its code", async () => {
    // Hive Gateway does not weigh lists; the residents subgraph weighs the fetch planned for it.
    const costly = `{ district(code: "310105") { streets { communities { blocks { households(first: 100) { edges { node { pairings(first: 100) { checkIns(first: 100) { id } } } } } } } } } }`;
    const response = await ask(costly, {}, ADMIN);
    expect(response.errors?.map((error) => error.extensions?.code)).toContain("BAD_USER_INPUT");
    expect(response.errors?.[0]?.message).toMatch(/over the limit/);
  });

  it("gives no field suggestion, neither its own nor a subgraph's", async () => {
    const response = await ask(`{ district(code: "310105") { cod } }`);
    expect(response.errors?.length).toBeGreaterThan(0);
    expect(response.raw).not.toMatch(/Did you mean/i);
  });
});
