// A resident's problem from the block to a district department and back to a satisfied close, across
// New Year 2027, as the people at each tier meet it through the gateway: every deadline on the way
// must count 1 January 2027 as a holiday and say that 2027's calendar is still provisional. (The
// other journeys: a queued batch of visits in visits.test.ts, a partner from registration to an ended
// pairing in partners.test.ts.)
import { randomUUID } from "node:crypto";
import { addWorkingDays, shippedYears } from "@grassroots/calendar";
import { householdsOfBlock } from "@grassroots/demo-district";
import type { TestClaims } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGraph, startGraph } from "./harness";
import { demoUser } from "./support/users";

let now = new Date("2026-12-30T02:00:00Z"); // Wednesday 30 December 2026, 10:00 in Shanghai
let graph: RunningGraph;
beforeAll(async () => {
  graph = await startGraph({ clock: { now: () => now } });
});
afterAll(() => graph?.close());

const BLOCK = "310105001001001";
const CASE = `id status tier holderCode version dueAt responseDueAt deadlineProvisional commitmentDate
  events { kind actor }`;

async function act(mutation: string, input: Record<string, unknown>, as: TestClaims) {
  const type = `${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input`;
  const { data, errors } = await graph.query(
    `mutation($input: ${type}!) { ${mutation}(input: $input) { ${CASE} } }`,
    { input },
    as,
  );
  expect(errors).toBeUndefined();
  return data?.[mutation];
}

/** The end of a Shanghai working day `n` working days after `date`, as the API writes instants. */
const endOfWorkingDay = (date: string, n: number) => `${addWorkingDays(date, n, shippedYears)}T16:00:00.000Z`;

describe("a case across New Year 2027, block to department and back", () => {
  it("climbs the chain, is due on the right working days, and closes only when the resident is satisfied", async () => {
    const household = householdsOfBlock(BLOCK, graph.scale).households[2]!;
    const blockMember = demoUser("demo-block-member");
    const communityWorker = demoUser("demo-community-worker");
    const streetOfficer = demoUser("demo-street-officer");
    const department = demoUser("demo-department-officer");

    let c = await act(
      "raiseCase",
      {
        idempotencyKey: randomUUID(),
        blockCode: BLOCK,
        householdId: household.id,
        channel: "HOME_VISIT",
        category: "ELDERLY_CARE",
        description: "Lives alone; the heating failed and no carer comes over the holidays.",
      },
      blockMember,
    );
    // Block tier: 3 working days from Wednesday 30 December: 31 Dec, (1 Jan is a holiday), 4 Jan, 5 Jan.
    expect(c).toMatchObject({ status: "OPEN", tier: "BLOCK", dueAt: "2027-01-05T16:00:00.000Z", deadlineProvisional: true });
    expect(c.dueAt).toBe(endOfWorkingDay("2026-12-30", 3));

    c = await act("escalateCase", { id: c.id, expectedVersion: c.version, reason: "Needs a care worker" }, blockMember);
    expect(c).toMatchObject({ tier: "COMMUNITY", dueAt: endOfWorkingDay("2026-12-30", 7) });

    now = new Date("2026-12-31T02:00:00Z"); // Thursday
    c = await act("escalateCase", { id: c.id, expectedVersion: c.version, reason: "Needs the street's budget" }, communityWorker);
    expect(c).toMatchObject({ tier: "STREET", dueAt: endOfWorkingDay("2026-12-31", 15) });
    c = await act("escalateCase", { id: c.id, expectedVersion: c.version, reason: "A district care contract" }, streetOfficer);
    // The department must respond within 1 working day: not Friday 1 January, Monday 4 January.
    expect(c).toMatchObject({
      tier: "DEPARTMENT",
      holderCode: "310105-civil",
      responseDueAt: "2027-01-04T16:00:00.000Z",
      dueAt: endOfWorkingDay("2026-12-31", 30),
      deadlineProvisional: true,
    });

    now = new Date("2027-01-04T01:00:00Z"); // Monday 4 January, 9:00
    c = await act("acceptCase", { id: c.id, expectedVersion: c.version, commitmentDate: "2027-01-08" }, department);
    expect(c).toMatchObject({ status: "ACCEPTED", commitmentDate: "2027-01-08" });

    now = new Date("2027-01-07T08:00:00Z");
    c = await act(
      "resolveCase",
      { id: c.id, expectedVersion: c.version, resolution: "Heating repaired; a carer visits daily" },
      department,
    );
    expect(c.status).toBe("RESOLVED");

    now = new Date("2027-01-08T02:00:00Z");
    c = await act("recordRevisit", { id: c.id, expectedVersion: c.version, outcome: "SATISFIED" }, communityWorker);
    expect(c.status).toBe("CLOSED");
    expect(c.events.map((event: { kind: string }) => event.kind)).toEqual([
      "RAISED",
      "ESCALATED",
      "ESCALATED",
      "ESCALATED",
      "ACCEPTED",
      "RESOLVED",
      "CLOSED",
    ]);

    // The district sees it in its figures.
    const { data, errors } = await graph.query(
      `{ block(code: "${BLOCK}") { caseStats { resolutionRate satisfactionRate } } }`,
      {},
      demoUser("demo-district-analyst"),
    );
    expect(errors).toBeUndefined();
    expect(data?.block.caseStats.resolutionRate).toBeGreaterThan(0);
    expect(data?.block.caseStats.satisfactionRate).toBeGreaterThan(0);
  });
});
