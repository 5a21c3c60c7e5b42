// The request limits hold in every subgraph too (packages/platform/src/subgraph-limits.ts), so a
// supergraph served by another router keeps them: a subgraph reached directly (with the gateway
// secret, as any router sends it) refuses a document too deep, too costly or with too many entities,
// with the gateway's codes, and gives no field suggestion away. The gateway's own fetches for every
// dashboard it allows, the heaviest included, stay within them.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { DISTRICT, demoTree } from "@grassroots/demo-district";
import { SUPERGRAPH_PATH } from "@grassroots/gateway";
import { operationCost } from "@grassroots/gateway/cost";
import { SUBGRAPH_LIMITS } from "@grassroots/platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The benchmark's dashboards, as the lead measures them (bench/queries.ts).
import { dashboardQueries } from "../bench/queries";
import { type RunningGraph, startGraph } from "./harness";
import { expectNothingInternal } from "./support/leaks";
import { demoUser } from "./support/users";

// graphql's CommonJS build, as Apollo's (the cost is weighed against Apollo's schema).
const { buildSchema, parse } = createRequire(import.meta.url)("graphql") as typeof import("graphql");

let graph: RunningGraph;
beforeAll(async () => {
  graph = await startGraph();
}, 120_000);
afterAll(() => graph?.close());

const DEEP = `{ district(code: "310105") { streets { district { streets { district { streets { district { streets { district { streets { district { streets { code } } } } } } } } } } } } }`;

/** A block's households, their pairings and their check-ins, 100 of each: a million fields at most. */
const COSTLY = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Block {
  households(first: 100) { edges { node { pairings(first: 100) { checkIns(first: 100) { id } } } } } } } }`;

const blockRep = () => ({ __typename: "Block", code: demoTree(graph.scale).blocks[0]!.code });

describe("a subgraph reached directly, with the gateway secret", () => {
  it.each(["blocks", "residents", "delegates", "escalations"] as const)(
    "%s refuses a document deeper than the limit",
    async (name) => {
      // Each subgraph knows District and Street (as entities at least); the depth rule needs no field to exist.
      const response = await graph.subgraphs[name].query(DEEP);
      expectNothingInternal(response.raw);
      expect(response.status).toBe(400);
      expect(response.errors?.[0]?.message).toMatch(/depth/i);
      expect(response.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    },
  );

  it("refuses a query costing more than the limit, with its cost, every time it is sent", async () => {
    // The second time from the weighed costs the subgraph keeps per document.
    for (const reps of [[blockRep()], [blockRep(), blockRep()]]) {
      const response = await graph.subgraphs.residents.query(COSTLY, { reps });
      expectNothingInternal(response.raw);
      expect(response.status).toBe(400);
      expect(response.errors).toEqual([
        {
          message: expect.stringMatching(new RegExp(`^This query costs \\d+, over the limit of ${SUBGRAPH_LIMITS.cost}`)),
          extensions: { code: "BAD_USER_INPUT" },
        },
      ]);
    }
  });

  it("weighs the same entity fetch again when its variables change", async () => {
    const paged = `query ($reps: [_Any!]!, $first: Int!) { _entities(representations: $reps) { ... on Block {
      households(first: $first) { edges { node { pairings(first: 100) { checkIns(first: 100) { id } } } } } } } }`;
    const cheap = await graph.subgraphs.residents.query(paged, { reps: [blockRep()], first: 1 });
    expect(cheap.errors).toBeUndefined();
    const costly = await graph.subgraphs.residents.query(paged, { reps: [blockRep()], first: 100 });
    expect(costly.status).toBe(400);
    expect(costly.errors?.[0]?.message).toMatch(/^This query costs \d+, over the limit/);
    expect((await graph.subgraphs.residents.query(paged, { reps: [blockRep()], first: 1 })).errors).toBeUndefined();
  });

  it("weighs a fetch again when a variable sent as null is then left out for its default", async () => {
    const defaulted = `query ($reps: [_Any!]!, $first: Int = 100) { _entities(representations: $reps) { ... on Block {
      households(first: $first) { edges { node { pairings(first: $first) { checkIns(first: $first) { id } } } } } } } }`;
    expect((await graph.subgraphs.residents.query(defaulted, { reps: [blockRep()], first: null })).status).toBe(200);
    const left = await graph.subgraphs.residents.query(defaulted, { reps: [blockRep()] });
    expect(left.status).toBe(400);
    expect(left.errors?.[0]?.message).toMatch(/^This query costs \d+, over the limit/);
  });

  it("weighs a fetch again when a variable of @include changes what it selects", async () => {
    const optional = `query ($reps: [_Any!]!, $deep: Boolean!) { _entities(representations: $reps) { ... on Block {
      households(first: 100) @include(if: $deep) { edges { node { pairings(first: 100) { checkIns(first: 100) { id } } } } } } } }`;
    for (const [deep, refused] of [
      [false, false],
      [true, true],
      [false, false],
    ] as const) {
      const response = await graph.subgraphs.residents.query(optional, { reps: [blockRep()], deep });
      expect(response.status === 400, `deep: ${deep}`).toBe(refused);
    }
  });

  it("refuses more entities in one fetch than the limit", async () => {
    const reps = Array.from({ length: SUBGRAPH_LIMITS.entities + 1 }, blockRep);
    const response = await graph.subgraphs.residents.query(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { __typename } }`,
      {
        reps,
      },
    );
    expect(response.status).toBe(400);
    expect(response.errors?.[0]).toEqual({
      message: `This fetch asks for ${reps.length} entities, over the limit of ${SUBGRAPH_LIMITS.entities}.`,
      extensions: { code: "BAD_USER_INPUT" },
    });
  });

  it("refuses too many tokens and too many aliases", async () => {
    const fields = Array.from({ length: SUBGRAPH_LIMITS.tokens }, () => "code").join(" ");
    const tokens = await graph.subgraphs.blocks.query(`{ district(code: "310105") { ${fields} } }`);
    expect(tokens.status).toBe(400);
    expect(tokens.errors?.[0]?.message).toMatch(/token/i);
    const aliases = Array.from(
      { length: SUBGRAPH_LIMITS.aliases + 1 },
      (_, i) => `a${i}: district(code: "310105") { code }`,
    ).join(" ");
    const aliased = await graph.subgraphs.blocks.query(`{ ${aliases} }`);
    expect(aliased.status).toBe(400);
    expect(aliased.errors?.[0]?.message).toMatch(/aliases/i);
  });

  it.each(["blocks", "residents", "delegates", "escalations"] as const)(
    '%s never suggests a field ("Did you mean")',
    async (name) => {
      // `cod` is one letter from `code`, which graphql-js would suggest; `_entitie` from `_entities`.
      for (const query of [`{ district(code: "310105") { cod } }`, `{ _entitie(representations: []) { __typename } }`]) {
        const response = await graph.subgraphs[name].query(query);
        expect(response.status).toBe(400);
        expect(response.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
        expect(response.raw).not.toMatch(/Did you mean/i);
      }
    },
  );
});

describe("the gateway's own fetches stay within the subgraphs' limits", () => {
  const supergraph = () => buildSchema(readFileSync(SUPERGRAPH_PATH, "utf8"));
  const HOUSEHOLDS = `households(first: 3) { edges { node { id address size needs residents { name isHead } } } }`;

  it.each(["district", "street", "tree"] as const)(
    "for the bench's %s dashboard, as the analyst and as an admin",
    async (key) => {
      const query = dashboardQueries(graph.scale).find((candidate) => candidate.key === key)!;
      for (const user of ["demo-district-analyst", "demo-admin"] as const) {
        const response = await graph.query(query.query, query.identical, demoUser(user));
        expect(response.errors).toBeUndefined();
        expect(response.data).toBeTruthy();
      }
    },
  );

  it("for the heaviest the gateway allows: every place's figures and three households with residents under every block", async () => {
    const tree = dashboardQueries(graph.scale).find((candidate) => candidate.key === "tree")!;
    const heaviest = tree.query.replace("blocks { ...Figures }", `blocks { ...Figures ${HOUSEHOLDS} }`);
    const cost = operationCost({ schema: supergraph(), query: parse(heaviest), variables: { code: DISTRICT.code } });
    // Near the gateway's limit (100,000), so the fetches it plans are as large as any allowed.
    expect(cost).toBeGreaterThan(80_000);
    expect(cost).toBeLessThanOrEqual(100_000);
    const response = await graph.query(heaviest, { code: DISTRICT.code });
    expect(response.errors).toBeUndefined();
    expect(response.data?.district.streets.length).toBe(demoTree(graph.scale).streets.length);
  });
});
