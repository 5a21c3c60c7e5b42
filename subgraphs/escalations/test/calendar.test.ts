// Deadlines count working days on the Asia/Shanghai calendar: weekends off, public holidays off,
// the weekend days worked in exchange (调休) on.

import { createDemoDirectory, SCALES } from "@grassroots/demo-district";
import { startTestSubgraph } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEscalationsSubgraph, type EscalationsPrisma } from "../src/subgraph";

let subgraph: Awaited<ReturnType<typeof startTestSubgraph<EscalationsPrisma, any>>>;
beforeAll(async () => {
  subgraph = await startTestSubgraph(createEscalationsSubgraph({ directory: createDemoDirectory(SCALES.test) }));
});
afterAll(() => subgraph?.close());

async function deadline(start: string, days: number) {
  const [row] = await subgraph.prisma.$queryRaw<
    { due: Date }[]
  >`SELECT working_deadline(${new Date(start)}::timestamptz, ${days}::int) AS due`;
  return row!.due.toISOString();
}

describe("working-day calendar", () => {
  it("skips weekends: 3 working days from a Thursday end on Tuesday at local midnight", async () => {
    // Thursday 2026-11-26 10:00 in Shanghai → Fri, Mon, Tue → due when Tuesday ends (16:00 UTC).
    expect(await deadline("2026-11-26T02:00:00Z", 3)).toBe("2026-12-01T16:00:00.000Z");
  });

  it("skips the National Day holiday and counts the Saturday worked in exchange", async () => {
    // Wednesday 2026-09-30 → Oct 1–7 off → Thu 8, Fri 9, Sat 10 (worked) → due when Oct 10 ends.
    expect(await deadline("2026-09-30T02:00:00Z", 3)).toBe("2026-10-10T16:00:00.000Z");
  });

  it("uses the local date: 23:30 in Shanghai is already the next day in UTC terms but not locally", async () => {
    // 2026-11-27 23:30 Shanghai is 15:30 UTC the same day: Friday → Mon is the 1st working day.
    expect(await deadline("2026-11-27T15:30:00Z", 1)).toBe("2026-11-30T16:00:00.000Z");
  });

  it("reads the tier limits as data", async () => {
    const policies = await subgraph.prisma.tierPolicy.findMany({ orderBy: { limitDays: "asc" } });
    expect(policies.map((p) => [p.tier, p.limitDays, p.responseDays])).toEqual([
      ["BLOCK", 3, 1],
      ["COMMUNITY", 7, 1],
      ["STREET", 15, 1],
      ["DEPARTMENT", 30, 1],
    ]);
  });
});
