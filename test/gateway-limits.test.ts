// The gateway's caches, per-caller queue and cost weights on their own, with a clock of the test's
// own: verified tokens kept until they expire, room places for a short time, both bounded; a
// caller's queue admitting in order; the cost of the bench's dashboards and of heavier queries.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cachingRooms } from "@grassroots/gateway/caches";
import { CallerLimiter } from "@grassroots/gateway/caller-limit";
import { operationCost } from "@grassroots/gateway/cost";
import { cachingTokenVerifier, ExpiringCache, type TokenVerifier } from "@grassroots/platform";
import { describe, expect, it } from "vitest";

// graphql's CommonJS build, as Apollo (and so the cost limit) uses it: the two builds refuse each other's schemas.
const { buildSchema, parse } = createRequire(import.meta.url)("graphql") as typeof import("graphql");

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** A verifier that counts its calls and answers claims expiring at `exp` (seconds), or refuses "bad". */
function countingVerifier(exp: number) {
  const calls: string[] = [];
  const verify = (async (authorization) => {
    if (!authorization) return null;
    calls.push(authorization);
    if (authorization === "Bearer bad") throw new Error("The access token is not valid.");
    return { sub: authorization, exp };
  }) as TokenVerifier;
  return { verify, calls };
}

describe("verified tokens", () => {
  it("are verified once and kept until the token expires", async () => {
    const time = clock();
    const { verify, calls } = countingVerifier(time.now() / 1000 + 60);
    const cached = cachingTokenVerifier(verify, { now: time.now });
    expect(await cached("Bearer a")).toMatchObject({ sub: "Bearer a" });
    expect(await cached("Bearer a")).toMatchObject({ sub: "Bearer a" });
    expect(calls).toEqual(["Bearer a"]);
    time.advance(61_000);
    await cached("Bearer a");
    expect(calls).toEqual(["Bearer a", "Bearer a"]);
  });

  it("are verified again after maxAgeMs even when the token lives longer", async () => {
    const time = clock();
    const { verify, calls } = countingVerifier(time.now() / 1000 + 3600);
    const cached = cachingTokenVerifier(verify, { now: time.now, maxAgeMs: 1000 });
    await cached("Bearer a");
    time.advance(1001);
    await cached("Bearer a");
    expect(calls).toHaveLength(2);
  });

  it("keep no refusal, and at most maxEntries tokens (the least recently used goes)", async () => {
    const time = clock();
    const { verify, calls } = countingVerifier(time.now() / 1000 + 60);
    const cached = cachingTokenVerifier(verify, { now: time.now, maxEntries: 2 });
    await expect(cached("Bearer bad")).rejects.toThrow(/not valid/);
    await expect(cached("Bearer bad")).rejects.toThrow(/not valid/);
    await cached("Bearer a");
    await cached("Bearer b");
    await cached("Bearer a");
    await cached("Bearer c");
    await cached("Bearer a");
    await cached("Bearer b");
    expect(calls).toEqual(["Bearer bad", "Bearer bad", "Bearer a", "Bearer b", "Bearer c", "Bearer b"]);
  });

  it("are never kept without a token", async () => {
    const { verify } = countingVerifier(0);
    expect(await cachingTokenVerifier(verify)(undefined)).toBeNull();
  });
});

describe("room places", () => {
  it("are asked once per room while fresh, shared by concurrent requests, and asked again once expired", async () => {
    const time = clock();
    const asked: string[] = [];
    const rooms = cachingRooms(
      {
        roomPlace: async (room) => {
          asked.push(room);
          return "310105001001";
        },
      },
      { now: time.now, ttlMs: 30_000 },
    );
    expect(await Promise.all([rooms.roomPlace("r1"), rooms.roomPlace("r1")])).toEqual(["310105001001", "310105001001"]);
    time.advance(29_000);
    await rooms.roomPlace("r1");
    expect(asked).toEqual(["r1"]);
    time.advance(2000);
    await rooms.roomPlace("r1");
    expect(asked).toEqual(["r1", "r1"]);
  });

  it("forget a failed look-up", async () => {
    let fail = true;
    const rooms = cachingRooms({
      roomPlace: async () => {
        if (fail) throw new Error("delegates unavailable");
        return "310105001001";
      },
    });
    await expect(rooms.roomPlace("r1")).rejects.toThrow(/unavailable/);
    fail = false;
    expect(await rooms.roomPlace("r1")).toBe("310105001001");
  });

  it("stay within maxEntries", () => {
    const cache = new ExpiringCache<number>(3);
    for (let i = 0; i < 10; i++) cache.set(`k${i}`, i, 60_000);
    expect(cache.size).toBe(3);
    expect(cache.get("k0")).toBeUndefined();
    expect(cache.get("k9")).toBe(9);
  });
});

describe("a caller's queue", () => {
  it("admits waiting requests in order as running ones finish, and frees the caller when idle", async () => {
    const limiter = new CallerLimiter({ maxConcurrent: 1, maxCostInFlight: 1000, maxQueued: 2, maxWaitMs: 5000 });
    const order: string[] = [];
    const first = await limiter.acquire("a");
    const admitted = (name: string) => (release: () => void) => {
      order.push(name);
      return release;
    };
    const second = limiter.acquire("a").then(admitted("second"));
    const third = limiter.acquire("a").then(admitted("third"));
    expect(limiter.load).toEqual({ callers: 1, running: 1, queued: 2 });
    await expect(limiter.acquire("a")).rejects.toMatchObject({ extensions: { code: "TOO_MANY_REQUESTS" } });
    first();
    first();
    (await second)();
    (await third)();
    expect(order).toEqual(["second", "third"]);
    expect(limiter.load).toEqual({ callers: 0, running: 0, queued: 0 });
  });

  it("weighs requests by cost: heavy ones run one at a time, light ones together, and one alone always runs", async () => {
    const limiter = new CallerLimiter({ maxConcurrent: 8, maxCostInFlight: 1000, maxQueued: 8, maxWaitMs: 5000 });
    const heavy = await limiter.acquire("a", 5000);
    let light = false;
    const waiting = limiter.acquire("a", 10).then((release) => {
      light = true;
      return release;
    });
    await Promise.resolve();
    expect(light).toBe(false);
    expect(limiter.load).toEqual({ callers: 1, running: 1, queued: 1 });
    heavy();
    const releases = [await waiting, ...(await Promise.all([1, 2, 3].map(() => limiter.acquire("a", 300))))];
    expect(limiter.load).toEqual({ callers: 1, running: 4, queued: 0 });
    for (const release of releases) release();
    expect(limiter.load).toEqual({ callers: 0, running: 0, queued: 0 });
  });

  it("refuses a waiting request after maxWaitMs and lets those behind it in", async () => {
    const limiter = new CallerLimiter({ maxConcurrent: 8, maxCostInFlight: 1000, maxQueued: 8, maxWaitMs: 50 });
    const first = await limiter.acquire("a", 600);
    const tooHeavy = limiter.acquire("a", 600);
    // Behind the heavy one (first come, first served), though it would fit beside the first.
    const light = limiter.acquire("a", 300);
    expect(limiter.load.queued).toBe(2);
    await expect(tooHeavy).rejects.toMatchObject({ extensions: { code: "TOO_MANY_REQUESTS", retryAfterSeconds: 1 } });
    (await light)();
    first();
    expect(limiter.load).toEqual({ callers: 0, running: 0, queued: 0 });
  });
});

describe("the cost of a query", () => {
  const schema = buildSchema(readFileSync(new URL("../schema/supergraph.graphql", import.meta.url), "utf8"), {
    assumeValidSDL: true,
  });
  const cost = (query: string, variables: Record<string, unknown> = {}) =>
    operationCost({ schema, query: parse(query), variables });
  const FIGURES = `fragment Figures on Jurisdiction { code
    ... on District { householdCount visitCoverage { rate } pairingCoverage { rate } caseStats { open overdue responseRate } }
    ... on Street { householdCount visitCoverage { rate } pairingCoverage { rate } caseStats { open overdue responseRate } }
    ... on Community { householdCount visitCoverage { rate } pairingCoverage { rate } caseStats { open overdue responseRate } }
    ... on Block { householdCount visitCoverage { rate } pairingCoverage { rate } caseStats { open overdue responseRate } } }`;

  it("allows the whole district tree with every figure (the bench's dashboard)", () => {
    const wholeTree = `{ district(code: "310105") { ...Figures streets { ...Figures communities { ...Figures blocks { ...Figures } } } } } ${FIGURES}`;
    // 10 per place (code 1, householdCount 1, two coverages 2 each, caseStats 4), 10 streets ×
    // 10 communities × 10 blocks assumed: 1 + 10 + (1 + 10 × (10 + 1 + 10 × (10 + 1 + 10 × 10))).
    expect(cost(wholeTree)).toBe(11_222);
  });

  it("multiplies a connection's subtree by first or last, by 20 without them", () => {
    const page = (args: string) => `{ block(code: "310105001001001") { households${args} { edges { node { id size } } } } }`;
    expect(cost(page("(first: 10)"))).toBe(1 + 1 + 10 * 4);
    expect(cost(page("(last: 50)"))).toBe(1 + 1 + 50 * 4);
    expect(cost(page(""))).toBe(1 + 1 + 20 * 4);
    expect(cost(`query ($n: Int) ${page("(first: $n)")}`, { n: 7 })).toBe(1 + 1 + 7 * 4);
  });

  it("puts the analyst's tree → households(first: 100) → residents far over the limit", () => {
    const heavy = `{ district(code: "310105") { streets { communities { blocks {
      households(first: 100) { edges { node { id residents { name } } } } } } } } }`;
    expect(cost(heavy)).toBeGreaterThan(1_000_000);
  });
});
