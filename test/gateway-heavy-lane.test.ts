// The gateway's heavy lane (gateway/src/heavy-lane.ts) answers exactly what the main thread does:
// one gateway runs everything on its main thread, another sends every operation to the lane's
// thread (cost threshold 1), both over the same subgraphs; each query below, as each caller,
// must get the same status and body from both, data, masking and errors (codes, paths) alike.
import { graphql } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGraph, startGraph } from "./harness";
import { demoUser } from "./support/users";

let graph: RunningGraph;
let laneUrl: string;
let closeLane: () => Promise<void>;

beforeAll(async () => {
  graph = await startGraph({ gateway: { heavyLane: false } });
  const lane = await graph.startOwnGateway({ heavyLane: { cost: 1 } });
  laneUrl = lane.url;
  closeLane = lane.close;
}, 120_000);
afterAll(async () => {
  await closeLane?.();
  await graph?.close();
});

const HOUSEHOLDS = `households(first: 3) { edges { node { id address size residents { name idNumber birthYear isHead household { id } } } } }`;

const CASES: { name: string; as: Parameters<typeof demoUser>[0]; query: string; variables?: Record<string, unknown> }[] = [
  {
    name: "the district tree with figures, as the analyst",
    as: "demo-district-analyst",
    query: `{ district(code: "310105") { name householdCount streets { code communities { code blocks { code householdCount visitCoverage { visitedHouseholds } caseStats { open } } } } } }`,
  },
  {
    // The analyst may not read households: null and FORBIDDEN at each block's path.
    name: "households under every block, as the analyst",
    as: "demo-district-analyst",
    query: `{ district(code: "310105") { streets { communities { blocks { code ${HOUSEHOLDS} } } } } }`,
  },
  {
    name: "a block's households and residents, as its block member",
    as: "demo-block-member",
    query: `query ($code: ID!) { block(code: $code) { code team { name role } ${HOUSEHOLDS} } }`,
    variables: { code: demoUser("demo-block-member").scope },
  },
  {
    name: "a place that does not exist, and one malformed",
    as: "demo-admin",
    query: `{ unknown: district(code: "310199") { code } malformed: district(code: "31x") { code } }`,
  },
];

describe("the heavy lane", () => {
  for (const { name, as, query, variables } of CASES) {
    it(`answers ${name} as the main thread does`, async () => {
      const headers = await graph.auth.headers(demoUser(as));
      const main = await graphql(graph.url, query, variables, headers);
      const lane = await graphql(laneUrl, query, variables, headers);
      expect(main.data ?? main.errors).toBeTruthy();
      expect({ status: lane.status, body: JSON.parse(lane.raw) }).toEqual({ status: main.status, body: JSON.parse(main.raw) });
    });
  }

  it("answers many operations at once, each its own", async () => {
    const headers = await graph.auth.headers(demoUser("demo-admin"));
    const codes = ["310105001", "310105002", "310105001001", "310105002001"];
    const answers = await Promise.all(
      codes.map((code) => graphql(laneUrl, `query ($code: ID!) { jurisdiction(code: $code) { code name } }`, { code }, headers)),
    );
    expect(answers.map((answer) => answer.data?.jurisdiction.code)).toEqual(codes);
  });
});

// Tests start their gateways' lanes at the first heavy operation (test/harness.ts): the operations
// that start it, sent together, must each be answered as the main thread answers them.
describe("a lane started at its first heavy operation", () => {
  it("answers the operations that start it, sent at once, as the main thread does", async () => {
    const lazy = await graph.startOwnGateway({ heavyLane: { cost: 1 }, heavyLaneOnFirstUse: true });
    try {
      const headers = await graph.auth.headers(demoUser("demo-district-analyst"));
      const [first] = CASES;
      const main = await graphql(graph.url, first!.query, undefined, headers);
      const answers = await Promise.all([1, 2, 3].map(() => graphql(lazy.url, first!.query, undefined, headers)));
      for (const answer of answers) expect(JSON.parse(answer.raw)).toEqual(JSON.parse(main.raw));
      expect(main.data?.district.streets.length).toBeGreaterThan(0);
    } finally {
      await lazy.close();
    }
  });
});

// The gateway shapes every answer to the operation (Apollo's resultShaping.js, which this project
// patches for speed: patches/, docs/architecture.md): @skip and @include must still decide.
describe("@skip and @include, on the main thread and the lane", () => {
  const query = `query ($skip: Boolean!, $include: Boolean!) { district(code: "310105") {
    code name @skip(if: $skip) householdCount @include(if: $include)
    ... on Jurisdiction @include(if: $include) { level }
    streets @skip(if: $skip) { code caseStats @include(if: $include) { open } } } }`;

  it("leaves out what they exclude and keeps what they include, with variables either way", async () => {
    const headers = await graph.auth.headers(demoUser("demo-district-analyst"));
    for (const url of [graph.url, laneUrl]) {
      const excluded = await graphql(url, query, { skip: true, include: false }, headers);
      expect(excluded.errors).toBeUndefined();
      expect(excluded.data).toEqual({ district: { code: "310105" } });

      const included = await graphql(url, query, { skip: false, include: true }, headers);
      expect(included.errors).toBeUndefined();
      const district = included.data?.district;
      expect(Object.keys(district).sort()).toEqual(["code", "householdCount", "level", "name", "streets"]);
      expect(district.level).toBe("DISTRICT");
      expect(district.streets.length).toBeGreaterThan(0);
      expect(Object.keys(district.streets[0]).sort()).toEqual(["caseStats", "code"]);
    }
  });
});
