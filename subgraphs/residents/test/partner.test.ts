// Partner organisations at the residents subgraph: registration by a signed-in person, vetting by
// their street's officers, who sees them, and a street's list page by page.
import { randomUUID } from "node:crypto";
import { creditCode } from "@grassroots/demo-district";
import type { GraphQLResponse } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APPROVE,
  asPartner,
  codes,
  fixtures,
  inAYear,
  key,
  officer,
  otherOfficer,
  person,
  REGISTER,
  random,
  registration,
  STREET,
  type Subgraph,
  startResidents,
  worker,
} from "./support";

let subgraph: Subgraph;
beforeAll(async () => {
  subgraph = await startResidents();
});
afterAll(() => subgraph?.close());
const { approvedPartner } = fixtures(() => subgraph);

describe("registering and vetting partners", () => {
  it("registers a signed-in person's organisation, PENDING, and replays a retry with the same key", async () => {
    const input = registration();
    const idempotencyKey = key();
    const anonymous = await subgraph.query(REGISTER, { input, key: idempotencyKey }, { as: null });
    expect(codes(anonymous)).toEqual(["UNAUTHENTICATED"]);
    const registrant = person();
    const first = await subgraph.query(REGISTER, { input, key: idempotencyKey }, { as: registrant });
    expect(first.errors).toBeUndefined();
    expect(first.data?.registerPartner).toMatchObject({ status: "PENDING", street: { code: STREET } });
    const retry = await subgraph.query(REGISTER, { input, key: idempotencyKey }, { as: registrant });
    expect(retry.data?.registerPartner.partnerId).toBe(first.data?.registerPartner.partnerId);
    const changed = await subgraph.query(REGISTER, { input: { ...input, capacity: 9 }, key: idempotencyKey }, { as: registrant });
    expect(changed.errors?.[0]?.extensions).toEqual({ code: "CONFLICT", field: "idempotencyKey" });
    const again = await subgraph.query(REGISTER, { input, key: key() }, { as: person() });
    expect(again.errors?.[0]?.extensions).toEqual({ code: "CONFLICT", field: "creditCode" });
    expect(await subgraph.prisma.partnerOrganization.count({ where: { creditCode: input.creditCode } })).toBe(1);
  });

  it("lets exactly one of two simultaneous registrations of one organisation through", async () => {
    const input = registration();
    const results = await Promise.all([1, 2, 3].map(() => subgraph.query(REGISTER, { input, key: key() }, { as: person() })));
    expect(results.filter((result) => result.data?.registerPartner)).toHaveLength(1);
    expect(results.flatMap(codes).sort()).toEqual(["CONFLICT", "CONFLICT"]);
  });

  it("refuses a credit code with a wrong check character, naming the field", async () => {
    const good = creditCode(random, "SCHOOL");
    const wrong = good.slice(0, 17) + (good[17] === "0" ? "1" : "0");
    const response = await subgraph.query(REGISTER, { input: registration({ creditCode: wrong }), key: key() }, { as: person() });
    expect(response.data).toBeNull();
    expect(response.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "creditCode" });
    expect(response.errors?.[0]?.message).toMatch(/check character/);
  });

  it("checks the other fields with messages naming them", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ streetCode: "310105" }, "streetCode"],
      [{ streetCode: "310105099" }, "streetCode"],
      [{ capacity: 0 }, "capacity"],
      [{ services: [] }, "services"],
      [{ contactPhone: "12" }, "contactPhone"],
      [{ name: "  " }, "name"],
    ];
    for (const [overrides, field] of cases) {
      const response = await subgraph.query(REGISTER, { input: registration(overrides), key: key() }, { as: person() });
      expect(response.errors?.[0]?.extensions, field).toEqual({ code: "BAD_USER_INPUT", field });
    }
  });

  it("is vetted by an officer of its street only, until a date in the future", async () => {
    const registrant = person();
    const registered = await subgraph.query(REGISTER, { input: registration(), key: key() }, { as: registrant });
    const id = registered.data?.registerPartner.partnerId;
    for (const as of [otherOfficer, worker, registrant, asPartner(id), null]) {
      const refused = await subgraph.query(APPROVE, { id, until: inAYear() }, { as });
      expect(refused.data).toEqual({ approvePartner: null });
      expect(codes(refused)).toEqual([as ? "FORBIDDEN" : "UNAUTHENTICATED"]);
    }
    const past = await subgraph.query(APPROVE, { id, until: "2020-01-01T00:00:00Z" }, { as: officer });
    expect(past.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "approvedUntil" });
    const approved = await subgraph.query(APPROVE, { id, until: inAYear() }, { as: officer });
    expect(approved.data?.approvePartner).toMatchObject({ id, status: "APPROVED", canStartPairings: true });
    const reject = await subgraph.query(
      `mutation($id: ID!) { rejectPartner(id: $id, vettingNotes: "no") { id } }`,
      { id },
      { as: officer },
    );
    expect(codes(reject)).toEqual(["CONFLICT"]);
  });

  it("shows a partner to itself and to its street's offices, with vetting notes only to it and its vetters", async () => {
    const id = await approvedPartner();
    const query = `query($id: ID!) { partner(id: $id) { id status vettingNotes } }`;
    expect((await subgraph.query(query, { id }, { as: asPartner(id) })).data?.partner).toEqual({
      id,
      status: "APPROVED",
      vettingNotes: "Documents checked.",
    });
    const seenByWorker = await subgraph.query(query, { id }, { as: worker });
    expect(seenByWorker.data?.partner).toEqual({ id, status: "APPROVED", vettingNotes: null });
    expect(codes(seenByWorker)).toEqual(["FORBIDDEN"]);
    for (const as of [otherOfficer, asPartner(randomUUID())]) {
      const hidden = await subgraph.query(query, { id }, { as });
      expect(hidden.data).toEqual({ partner: null });
      expect(codes(hidden)).toEqual(["FORBIDDEN"]);
    }
  });

  it("lists a street's partners waiting to be vetted, page by page", async () => {
    const pending = await subgraph.query(REGISTER, { input: registration(), key: key() }, { as: person() });
    const id = pending.data?.registerPartner.partnerId;
    const query = `query($after: String) { partners(street: "${STREET}", status: PENDING, first: 1, after: $after) {
      pageInfo { hasNextPage endCursor } edges { node { id status } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { data, errors }: GraphQLResponse<Record<string, any>> = await subgraph.query(query, { after }, { as: officer });
      expect(errors).toBeUndefined();
      seen.push(...(data?.partners.edges ?? []).map((edge: { node: { id: string } }) => edge.node.id));
      if (!data?.partners.pageInfo.hasNextPage) break;
      after = data.partners.pageInfo.endCursor;
    }
    expect(seen).toContain(id);
    const expected = await subgraph.prisma.partnerOrganization.findMany({ where: { streetCode: STREET, status: "PENDING" } });
    expect(seen.sort()).toEqual(expected.map((partner) => partner.id).sort());
    const elsewhere = await subgraph.query(query, { after: null }, { as: otherOfficer });
    expect(codes(elsewhere)).toEqual(["FORBIDDEN"]);
  });
});
