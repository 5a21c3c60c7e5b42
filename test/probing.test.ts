// No answer may tell a caller that a record they cannot see exists, or where it belongs.
import { randomUUID } from "node:crypto";
import { demoTree, roomIdOf } from "@grassroots/demo-district";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGraph, startGraph } from "./harness";
import { expectNothingInternal } from "./support/leaks";
import { demoUser } from "./support/users";

let graph: RunningGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const user = demoUser;

/** The errors of a response without the path: what the caller can compare. */
const seen = (response: { data?: unknown; errors?: { message: string; extensions?: unknown }[] }) => ({
  data: response.data,
  errors: response.errors?.map(({ message, extensions }) => ({ message, extensions })),
});

describe("absent and hidden look alike", () => {
  it("for rooms and departments", async () => {
    const partner = user("demo-partner");
    const hiddenRoom = roomIdOf(demoTree(graph.scale).communities[0]!.code);
    const ROOM = `query($id: ID!) { room(id: $id) { id } }`;
    const hidden = await graph.query(ROOM, { id: hiddenRoom }, partner);
    const absent = await graph.query(ROOM, { id: randomUUID() }, partner);
    expect(seen(hidden)).toEqual(seen(absent));
    expect(hidden.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

    const DEPARTMENT = `query($id: ID!) { department(id: $id) { id } }`;
    expect(seen(await graph.query(DEPARTMENT, { id: "310105-civil" }, partner))).toEqual(
      seen(await graph.query(DEPARTMENT, { id: "310105-nothing" }, partner)),
    );
  });

  it("for a visit another community's worker tries to follow up", async () => {
    const tree = demoTree(graph.scale);
    const otherStreet = tree.communities.find((c) => !c.code.startsWith("310105001"))!.code;
    const listed = await graph.query(
      `query($scope: ID!) { visits(filter: { scope: $scope }, first: 1) { edges { node { id } } } }`,
      {
        scope: otherStreet,
      },
    );
    const hiddenVisit = listed.data?.visits.edges[0]?.node.id as string;
    expect(hiddenVisit).toBeTruthy();
    const FOLLOW_UP = `mutation($visitId: ID!, $caseId: ID!) { recordVisitFollowUp(visitId: $visitId, caseId: $caseId) { id } }`;
    const worker = user("demo-community-worker");
    const hidden = await graph.query(FOLLOW_UP, { visitId: hiddenVisit, caseId: randomUUID() }, worker);
    const absent = await graph.query(FOLLOW_UP, { visitId: randomUUID(), caseId: randomUUID() }, worker);
    expect(seen(hidden)).toEqual(seen(absent));
    expect(hidden.raw).not.toContain(otherStreet);
    expectNothingInternal(hidden.raw);
  });
});
