// Deadlines across New Year, with the clock frozen on 28 November 2026: the calendar holds every year
// the product can reach (2027 provisional until the State Council's notice is imported), and an
// import moves the deadlines of cases escalated afterwards, never those already computed.
import { randomUUID } from "node:crypto";
import { householdsOfBlock } from "@grassroots/demo-district";
import type { TestClaims } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGraph, startGraph } from "./harness";
import { demoUser } from "./support/users";

// Saturday 28 November 2026, 10:00 in Shanghai.
const NOW = new Date("2026-11-28T02:00:00Z");
let graph: RunningGraph;
beforeAll(async () => {
  graph = await startGraph({ clock: { now: () => NOW } });
});
afterAll(() => graph?.close());

const BLOCK = "310105001001001";
const blockMember = demoUser("demo-block-member");
const communityWorker = demoUser("demo-community-worker");
const streetOfficer = demoUser("demo-street-officer");
const CASE = "id version tier holderCode dueAt deadlineProvisional";

async function mutate(mutation: string, input: Record<string, unknown>, as: TestClaims) {
  const type = `${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input`;
  const { data, errors } = await graph.query(
    `mutation($input: ${type}!) { ${mutation}(input: $input) { ${CASE} } }`,
    { input },
    as,
  );
  expect(errors).toBeUndefined();
  return data?.[mutation];
}

/** A case raised now and escalated block → community → street → the Civil Affairs department. */
async function caseAtDepartment() {
  const household = householdsOfBlock(BLOCK, graph.scale).households[0]!;
  let c = await mutate(
    "raiseCase",
    {
      idempotencyKey: randomUUID(),
      blockCode: BLOCK,
      householdId: household.id,
      channel: "HOME_VISIT",
      category: "ELDERLY_CARE",
      description: "Needs a carer over the holidays.",
    },
    blockMember,
  );
  for (const as of [blockMember, communityWorker, streetOfficer]) {
    c = await mutate("escalateCase", { id: c.id, expectedVersion: c.version, reason: "Beyond this tier" }, as);
  }
  expect(c).toMatchObject({ tier: "DEPARTMENT", holderCode: "310105-civil" });
  return c;
}

// The notice as a test writes it: the law's 2027 holidays (as provisionalYear(2027) gives them), and
// Thursday 31 December 2026 off as a bridge day.
const LAW_2027 = [
  { day: "2027-01-01", working: false, name: "New Year" },
  { day: "2027-02-05", working: false, name: "Spring Festival" },
  { day: "2027-02-08", working: false, name: "Spring Festival" },
  { day: "2027-02-09", working: false, name: "Spring Festival (substitute day)" },
  { day: "2027-02-10", working: false, name: "Spring Festival (substitute day)" },
  { day: "2027-04-05", working: false, name: "Qingming" },
  { day: "2027-05-03", working: false, name: "Labour Day (substitute day)" },
  { day: "2027-05-04", working: false, name: "Labour Day (substitute day)" },
  { day: "2027-06-09", working: false, name: "Dragon Boat Festival" },
  { day: "2027-09-15", working: false, name: "Mid-Autumn Festival" },
  { day: "2027-10-01", working: false, name: "National Day" },
  { day: "2027-10-04", working: false, name: "National Day (substitute day)" },
  { day: "2027-10-05", working: false, name: "National Day (substitute day)" },
];
const OFFICIAL_2027 = {
  year: 2027,
  source: "国务院办公厅关于2027年部分节假日安排的通知 (test)",
  days: [{ day: "2026-12-31", working: false, name: "New Year (bridge day)" }, ...LAW_2027],
};

describe("the working-day calendar across New Year", () => {
  it("holds last year to two years ahead, 2027 provisional until its notice is imported", async () => {
    const { data, errors } = await graph.query(`{ calendarYears { year provisional source } }`);
    expect(errors).toBeUndefined();
    expect(data?.calendarYears.map((y: { year: number; provisional: boolean }) => [y.year, y.provisional])).toEqual([
      [2025, true],
      [2026, false],
      [2027, true],
      [2028, true],
    ]);
  });

  it("counts 1 January 2027 as a holiday: a case reaching a department today is due when 11 January ends", async () => {
    const c = await caseAtDepartment();
    expect(c.dueAt).toBe("2027-01-11T16:00:00.000Z");
    expect(c.deadlineProvisional).toBe(true);
  });

  it("imports an official year: later deadlines follow it, earlier ones stay as computed", async () => {
    const before = await caseAtDepartment();
    const health = async () =>
      (await (await fetch(new URL("/health", graph.subgraphs.escalations.url))).json()) as { calendar: string };
    expect((await health()).calendar).toMatch(/no official working-day calendar for 2027/);

    const notAdmin = await graph.query(
      `mutation($a: OfficialArrangementInput!) { importCalendar(arrangement: $a) { year } }`,
      { a: OFFICIAL_2027 },
      streetOfficer,
    );
    expect(notAdmin.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const broken = await graph.query(`mutation($a: OfficialArrangementInput!) { importCalendar(arrangement: $a) { year } }`, {
      a: { ...OFFICIAL_2027, days: [{ day: "2027-02-30", working: false, name: "New Year" }] },
    });
    expect(broken.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "arrangement" });
    expect(broken.errors?.[0]?.message).toMatch(/2027-02-30/);

    const imported = await graph.query(
      `mutation($a: OfficialArrangementInput!) { importCalendar(arrangement: $a) { year provisional source dayCount importedAt } }`,
      { a: OFFICIAL_2027 },
    );
    expect(imported.errors).toBeUndefined();
    expect(imported.data?.importCalendar).toMatchObject({ year: 2027, provisional: false, dayCount: 14 });

    const after = await caseAtDepartment();
    expect(after.dueAt).toBe("2027-01-12T16:00:00.000Z");
    expect(after.deadlineProvisional).toBe(false);
    expect((await health()).calendar).toBe("ok");

    const { data } = await graph.query(`query($id: ID!) { case(id: $id) { ${CASE} } }`, { id: before.id });
    expect(data?.case).toMatchObject({ dueAt: "2027-01-11T16:00:00.000Z", deadlineProvisional: true });
  });

  it("never replaces an imported official year with a provisional one when the calendar is ensured again", async () => {
    const { ensureCalendarYears } = await import("@grassroots/escalations");
    await ensureCalendarYears(graph.subgraphs.escalations.prisma, new Date("2027-03-01T00:00:00Z"));
    const { data } = await graph.query(`{ calendarYears { year provisional } }`);
    expect(data?.calendarYears).toContainEqual({ year: 2027, provisional: false });
    expect(data?.calendarYears).toContainEqual({ year: 2029, provisional: true });
  });
});
