// Members of partner organisations, registered where they live and counted on places.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asPartner, BLOCK, codes, fixtures, key, officer, type Subgraph, startResidents } from "./support";

let subgraph: Subgraph;
beforeAll(async () => {
  subgraph = await startResidents();
});
afterAll(() => subgraph?.close());
const { approvedPartner } = fixtures(() => subgraph);

describe("members registered where they live", () => {
  it("are registered by their approved organisation, at a known block, and counted on places", async () => {
    const id = await approvedPartner();
    const register = `mutation($input: RegisterPartnerMemberInput!, $key: String!) {
      registerPartnerMember(input: $input, idempotencyKey: $key) { id name homeBlock { code } } }`;
    const count = `{ _entities(representations: [{ __typename: "Block", code: "${BLOCK}" }]) { ... on Block { partnerMemberCount } } }`;
    const before = (await subgraph.query(count)).data?._entities[0].partnerMemberCount;
    const made = await subgraph.query(
      register,
      { input: { partnerId: id, name: "李军", homeBlockCode: BLOCK }, key: key() },
      { as: asPartner(id) },
    );
    expect(made.data?.registerPartnerMember).toMatchObject({ name: "李军", homeBlock: { code: BLOCK } });
    expect((await subgraph.query(count)).data?._entities[0].partnerMemberCount).toBe(before + 1);

    const badBlock = await subgraph.query(
      register,
      { input: { partnerId: id, name: "李军", homeBlockCode: "31010500100" }, key: key() },
      { as: asPartner(id) },
    );
    expect(badBlock.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "homeBlockCode" });
    const unknownBlock = await subgraph.query(
      register,
      { input: { partnerId: id, name: "李军", homeBlockCode: "310105009009009" }, key: key() },
      { as: asPartner(id) },
    );
    expect(unknownBlock.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "homeBlockCode" });
    const forOther = await subgraph.query(
      register,
      { input: { partnerId: id, name: "李军", homeBlockCode: BLOCK }, key: key() },
      { as: asPartner(randomUUID()) },
    );
    expect(codes(forOther)).toEqual(["FORBIDDEN"]);

    const members = await subgraph.query(
      `query($id: ID!) { partner(id: $id) { memberCount members { name } } }`,
      { id },
      { as: officer },
    );
    expect(members.data?.partner).toEqual({ memberCount: 1, members: [{ name: "李军" }] });
  });
});
