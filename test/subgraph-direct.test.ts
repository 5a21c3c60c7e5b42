// A subgraph reached without the gateway gives nothing away: without the gateway secret it refuses
// (401) before reading the body; with the secret but without a user token, nothing personal.
import { DEMO_USERS, demoTree, householdsOfBlock } from "@grassroots/demo-district";
import { GATEWAY_SECRET_HEADER } from "@grassroots/platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGraph, startGraph } from "./harness";
import { expectNothingInternal } from "./support/leaks";

let graph: RunningGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const household = () => householdsOfBlock(demoTree(graph.scale).blocks[0]!.code, graph.scale).households[0]!;

const DOCUMENTS = {
  service: `{ _service { sdl } }`,
  entities: `query($reps: [_Any!]!) { _entities(representations: $reps) { __typename } }`,
};

async function post(url: string, body: unknown, headers: Record<string, string>) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const raw = await response.text();
  expectNothingInternal(raw);
  return { status: response.status, raw, body: JSON.parse(raw) };
}

describe("subgraphs reached directly", () => {
  it.each(["blocks", "residents", "delegates", "escalations"] as const)(
    "%s refuses requests without the gateway secret, _service and _entities included",
    async (name) => {
      const subgraph = graph.subgraphs[name];
      const admin = await graph.auth.headers({ sub: "a", role: "admin" });
      for (const [query, variables] of [
        [DOCUMENTS.service, {}],
        [DOCUMENTS.entities, { reps: [{ __typename: "Household", id: household().id }] }],
      ] as const) {
        for (const secret of [undefined, "wrong-secret", `${graph.auth.gatewaySecret}x`]) {
          const headers = { ...admin, ...(secret ? { [GATEWAY_SECRET_HEADER]: secret } : {}) };
          const refused = await post(subgraph.url, { query, variables }, headers);
          expect(refused.status).toBe(401);
          expect(refused.body).toEqual({
            errors: [{ message: "This service only answers the gateway.", extensions: { code: "UNAUTHENTICATED" } }],
          });
        }
      }
    },
  );

  it("refuses before reading the body: a malformed body gets the same 401, not a parse error", async () => {
    const response = await fetch(graph.subgraphs.residents.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(response.status).toBe(401);
  });

  it("with the secret but no user token, returns no personal data through _entities", async () => {
    const target = household();
    const response = await graph.subgraphs.residents.query(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Household { id address contactPhone residents { name idNumber } } } }`,
      { reps: [{ __typename: "Household", id: target.id }] },
      { as: null },
    );
    expect(response.data?._entities ?? [null]).toEqual([null]);
    expect(response.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(response.raw).not.toContain(target.address);
    expect(response.raw).not.toContain(target.contactPhone);
  });

  it("with the secret and a partner's token, returns no unpaired household through _entities", async () => {
    const { does: _does, ...partner } = DEMO_USERS.find((user) => user.role === "partner")!;
    const target = household();
    const response = await graph.subgraphs.residents.query(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Household { id address } } }`,
      { reps: [{ __typename: "Household", id: target.id }] },
      { as: partner },
    );
    expect(response.data?._entities ?? [null]).toEqual([null]);
    expect(response.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(response.raw).not.toContain(target.address);
  });

  it("with the secret, still verifies the user token itself", async () => {
    const response = await post(
      graph.subgraphs.blocks.url,
      { query: `{ district(code: "310105") { code } }` },
      { [GATEWAY_SECRET_HEADER]: graph.auth.gatewaySecret, authorization: "Bearer forged.token.value" },
    );
    expect(response.status).toBe(401);
    expect(response.body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });
});
