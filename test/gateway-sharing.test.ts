// The gateway under load, against a stand-in subgraph that counts what it is asked and answers
// slowly: identical in-flight queries of one caller reach the subgraph once, other callers' and
// mutations never merge; the cost limit refuses before any subgraph is asked; a caller past its
// concurrency limit waits, then gets 429 TOO_MANY_REQUESTS, while other callers go on.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startGateway } from "@grassroots/gateway";
import { LANE_HEADER } from "@grassroots/platform";
import { createTestAuth, type GraphQLResponse, graphql } from "@grassroots/platform/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

interface SubgraphCall {
  authorization?: string;
  query: string;
  /** The heavy lane's mark (LANE_HEADER), when the gateway's lane made the call. */
  lane?: string;
  /** Every header's name, as received. */
  headerNames: string[];
}

/** Answers every request after `delayMs`: a district for queries, a visit for the one mutation. */
async function startStandIn(delayMs: () => number) {
  const calls: SubgraphCall[] = [];
  const server: Server = createServer(async (request: IncomingMessage, response) => {
    let text = "";
    for await (const chunk of request) text += chunk;
    const { query } = JSON.parse(text) as { query: string };
    const lane = request.headers[LANE_HEADER] as string | undefined;
    calls.push({
      authorization: request.headers.authorization,
      query,
      ...(lane ? { lane } : {}),
      headerNames: Object.keys(request.headers),
    });
    await new Promise((resolve) => setTimeout(resolve, delayMs()));
    const data = query.includes("recordVisitFollowUp")
      ? { recordVisitFollowUp: { id: "visit-1" } }
      : { district: { name: "Changning", code: "310105" } };
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ data }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return { url, calls, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const auth = createTestAuth();
const analyst = { sub: "analyst-1", role: "district_analyst", scope: "310105" };
const otherAnalyst = { sub: "analyst-2", role: "district_analyst", scope: "310105" };
const DISTRICT = `{ district(code: "310105") { name } }`;
const MUTATION = `mutation { recordVisitFollowUp(visitId: "v", caseId: "c") { id } }`;

let delay = 200;
let standIn: Awaited<ReturnType<typeof startStandIn>>;
let gateway: Awaited<ReturnType<typeof startGateway>>;
beforeAll(async () => {
  standIn = await startStandIn(() => delay);
  gateway = await startGateway({
    auth: { verifyToken: auth.subgraph.verifyToken, gatewaySecret: auth.gatewaySecret },
    rooms: { roomPlace: async () => null },
    subgraphUrls: { blocks: standIn.url, residents: standIn.url, delegates: standIn.url, escalations: standIn.url },
    callerLimits: { maxConcurrent: 2, maxCostInFlight: 50_000, maxQueued: 1, maxWaitMs: 300 },
  });
});
afterAll(async () => {
  await gateway?.close();
  await standIn?.close();
});
beforeEach(() => {
  delay = 200;
  standIn.calls.length = 0;
});

// One caller is one token, as a phone keeps its token: minted anew, a token issued a second later
// (another iat) is another caller's key, and two requests straddling that second would not share.
const tokens = new Map<object, Promise<Record<string, string>>>();
const headersOf = (claims: typeof analyst) => {
  if (!tokens.has(claims)) tokens.set(claims, auth.headers(claims));
  return tokens.get(claims)!;
};
const send = async (query: string, claims: typeof analyst, variables?: Record<string, unknown>) =>
  graphql(gateway.url, query, variables, await headersOf(claims));

describe("identical in-flight subgraph queries", () => {
  it("reach the subgraph once for two concurrent requests of one caller, and each gets the whole answer", async () => {
    const [first, second] = await Promise.all([send(DISTRICT, analyst), send(DISTRICT, analyst)]);
    expect(standIn.calls).toHaveLength(1);
    expect(first.data).toEqual({ district: { name: "Changning" } });
    expect(second.data).toEqual({ district: { name: "Changning" } });
    // The gateway's own mark of a shareable fetch stays in the gateway.
    expect(standIn.calls[0]!.headerNames.filter((name) => name.includes("shareable"))).toEqual([]);
    expect(standIn.calls[0]!.headerNames).toContain("authorization");
  });

  it("are not shared between callers with different tokens", async () => {
    await Promise.all([send(DISTRICT, analyst), send(DISTRICT, otherAnalyst)]);
    expect(standIn.calls).toHaveLength(2);
    expect(new Set(standIn.calls.map((call) => call.authorization)).size).toBe(2);
  });

  it("are not shared when their variables differ", async () => {
    const query = `query ($code: ID!) { district(code: $code) { name } }`;
    await Promise.all([send(query, analyst, { code: "310105" }), send(query, analyst, { code: "310106" })]);
    expect(standIn.calls).toHaveLength(2);
  });

  it("are not kept once answered: the next identical request asks again", async () => {
    await send(DISTRICT, analyst);
    await send(DISTRICT, analyst);
    expect(standIn.calls).toHaveLength(2);
  });

  it("never merge mutations", async () => {
    const answers = await Promise.all([send(MUTATION, analyst), send(MUTATION, analyst)]);
    expect(standIn.calls).toHaveLength(2);
    for (const answer of answers) expect(answer.data).toEqual({ recordVisitFollowUp: { id: "visit-1" } });
  });
});

describe("the cost limit", () => {
  it("refuses a query whose page sizes multiply past the limit with 400, the cost and the limit, before any subgraph call", async () => {
    const heavy = `{ district(code: "310105") { streets { communities { blocks {
      households(first: 100) { edges { node { id residents { name } } } } } } } } }`;
    const response = await send(heavy, analyst);
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(response.errors?.[0]?.message).toMatch(/costs \d+, over the limit of 100000/);
    expect(standIn.calls).toHaveLength(0);
  });

  it("weighs `first` given in a variable", async () => {
    const query = `query ($first: Int) { district(code: "310105") { streets { communities { blocks {
      households(first: $first) { edges { node { id } } } } } } } }`;
    expect((await send(query, analyst, { first: 100 })).status).toBe(400);
    expect((await send(query, analyst, { first: 1 })).status).toBe(200);
  });
});

describe("a cost weighed before", () => {
  it("is weighed again when a variable is left out for its default after it was sent as null", async () => {
    const query = `query ($first: Int = 100) { district(code: "310105") { streets { communities { blocks {
      households(first: $first) { edges { node { id } } } } } } } }`;
    // null pages by the default page size (cheap); left out, the variable is 100 (over the limit).
    expect((await send(query, analyst, { first: null })).status).toBe(200);
    const defaulted = await send(query, analyst, {});
    expect(defaulted.status).toBe(400);
    expect(defaulted.errors?.[0]?.message).toMatch(/^This query costs \d+, over the limit/);
    expect((await send(query, analyst, { first: null })).status).toBe(200);
  });
});

describe("the per-caller concurrency limit", () => {
  const byCode = `query ($code: ID!) { district(code: $code) { name } }`;
  const distinct = (n: number, claims = analyst) => send(byCode, claims, { code: `31010${n}` });

  it("queues a caller's request past the limit, then refuses it with 429 and retryAfterSeconds; other callers go on", async () => {
    delay = 1000;
    const started = Date.now();
    const mine: Promise<GraphQLResponse>[] = [0, 1, 2, 3].map((n) => distinct(n));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const other = await distinct(9, otherAnalyst);
    expect(other.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1900);
    const answers = await Promise.all(mine);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 429, 429]);
    for (const refused of answers.filter((answer) => answer.status === 429)) {
      expect(refused.errors?.[0]?.extensions).toEqual({ code: "TOO_MANY_REQUESTS", retryAfterSeconds: 1 });
      expect(refused.errors?.[0]?.message).toMatch(/Try again in 1 seconds/);
    }
  });

  it("lets a queued request run once one of the caller's requests is answered", async () => {
    delay = 100;
    const answers = await Promise.all([0, 1, 2].map((n) => distinct(n)));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(standIn.calls).toHaveLength(3);
  });
});

describe("the heavy lane", () => {
  let lane: Awaited<ReturnType<typeof startGateway>>;
  beforeAll(async () => {
    lane = await startGateway({
      auth: { verifyToken: auth.subgraph.verifyToken, gatewaySecret: auth.gatewaySecret },
      rooms: { roomPlace: async () => null },
      subgraphUrls: { blocks: standIn.url, residents: standIn.url, delegates: standIn.url, escalations: standIn.url },
      heavyLane: { cost: 1, concurrency: 1 },
    });
  });
  afterAll(() => lane?.close());
  const sendToLane = async (claims: typeof analyst) => graphql(lane.url, DISTRICT, undefined, await headersOf(claims));

  it("runs heavy operations of different callers one at a time (concurrency 1), on its thread, marked for the subgraphs' lanes", async () => {
    const started = Date.now();
    const answers = await Promise.all([analyst, otherAnalyst].map(sendToLane));
    expect(answers.map((answer) => answer.data)).toEqual([
      { district: { name: "Changning" } },
      { district: { name: "Changning" } },
    ]);
    // Two calls of 200 ms each, one after the other.
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(standIn.calls.map((call) => call.lane)).toEqual(["heavy", "heavy"]);
  });

  it("shares one run between identical operations of one caller, without a turn of its own", async () => {
    // Long enough for the second request to be weighed and join even on a loaded machine.
    delay = 3000;
    const first = sendToLane(analyst);
    // The first is running on the lane once its subgraph call has arrived (it is answered in 3 s).
    while (standIn.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const [one, two] = await Promise.all([first, sendToLane(analyst)]);
    // One call for both: the second neither ran again nor waited for a turn behind the first.
    expect(standIn.calls).toHaveLength(1);
    expect(one.data).toEqual({ district: { name: "Changning" } });
    expect(two.data).toEqual(one.data);
  });

  it("leaves light operations on the main thread, unmarked", async () => {
    await send(DISTRICT, analyst);
    expect(standIn.calls.map((call) => call.lane)).toEqual([undefined]);
  });
});
