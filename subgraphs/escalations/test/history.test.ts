// The two ways cases come to be agree: every story of the set-based history, generated in SQL,
// leaves the same ledger (statuses, tiers, holders, events in order, clocks and their deadlines,
// revisits) as the same story walked through CaseWorkflow at the same instants.
import { createDemoDirectory, DISTRICT, demoTree, householdsOfBlock, SCALES } from "@grassroots/demo-district";
import { startTestSubgraph } from "@grassroots/platform/testing";
import { CASE_CATEGORIES } from "@grassroots/vocabulary";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localDate } from "../src/calendar/deadlines";
import { CaseWorkflow } from "../src/case/rules";
import { generateCaseHistory } from "../src/history";
import { STORIES, TEXTS } from "../src/history-stories";
import { createEscalationsSubgraph, type EscalationsPrisma, ensureCalendarYears } from "../src/subgraph";

const scale = SCALES.test;
const directory = createDemoDirectory(scale);
const blocks = demoTree(scale).blocks.map((block) => block.code);
const HOUR = 3600_000;
const YEARS = 3;
let subgraph: Awaited<ReturnType<typeof startTestSubgraph<EscalationsPrisma, any>>>;

beforeAll(async () => {
  subgraph = await startTestSubgraph(createEscalationsSubgraph({ directory }));
});
afterAll(() => subgraph?.close());

async function ledger(prisma: EscalationsPrisma, id: string) {
  const c = await prisma.case.findUniqueOrThrow({
    where: { id },
    include: {
      events: { orderBy: { sequence: "asc" } },
      clocks: { orderBy: { sequence: "asc" } },
      revisits: { orderBy: { at: "asc" } },
    },
  });
  const { id: _id, events, clocks, revisits, description: _description, ...row } = c;
  return {
    ...row,
    events: events.map(({ id: _e, caseId: _c, ...event }) => event),
    clocks: clocks.map(({ id: _k, caseId: _c, ...clock }) => clock),
    revisits: revisits.map(({ id: _r, caseId: _c, ...revisit }) => revisit),
  };
}

describe("case history", () => {
  it("generates every story as the workflow walks it", async () => {
    const { prisma } = subgraph;
    const now = new Date();
    for (let year = YEARS; year >= 0; year--) await ensureCalendarYears(prisma, new Date(now.getTime() - year * 365 * 24 * HOUR));
    const departments: Record<string, string> = {};
    for (const category of CASE_CATEGORIES) departments[category] = (await directory.departmentFor(DISTRICT.code, category))!;
    // Every story twice, at random instants over the years (over weekends and holidays too).
    const stories = [...STORIES.keys(), ...STORIES.keys()];
    const written = await prisma.$transaction((tx) =>
      generateCaseHistory(tx, {
        now,
        years: YEARS,
        cases: stories.length,
        blocks,
        households: blocks.flatMap((block) => householdsOfBlock(block, scale).households.map((h) => h.id)),
        perBlock: scale.householdsPerBlock,
        departments,
        stories,
      }),
    );
    expect(written).toBe(stories.length);

    const generated = await prisma.case.findMany({ orderBy: { id: "asc" } });
    expect(generated).toHaveLength(stories.length);
    let at = now;
    const workflow = new CaseWorkflow(prisma, directory, { now: () => at });
    for (const [index, original] of generated.entries()) {
      const story = STORIES[stories[index]!]!;
      at = original.raisedAt;
      const id = await prisma.$transaction((tx) =>
        workflow.raise(tx, TEXTS.capturedBy, {
          blockCode: original.blockCode,
          householdId: original.householdId,
          visitId: null,
          channel: original.channel,
          category: original.category,
          description: original.description,
        }),
      );
      for (const [version, [step, hours]] of story.steps.map((s, i) => [i + 1, s] as const)) {
        at = new Date(original.raisedAt.getTime() + hours * HOUR);
        if (step === "accept") await workflow.accept(TEXTS.holder, id, version, new Date(localDate(at)), TEXTS.commitment);
        if (step === "escalate") await workflow.escalate(TEXTS.holder, id, version, TEXTS.escalation);
        if (step === "resolve") await workflow.resolve(TEXTS.holder, id, version, TEXTS.resolution);
        if (step === "withdraw") await workflow.withdraw(TEXTS.holder, id, version, TEXTS.withdrawal);
        if (step === "satisfied") await workflow.revisit(TEXTS.revisitedBy, id, version, "SATISFIED", null);
        if (step === "unreachable") await workflow.revisit(TEXTS.revisitedBy, id, version, "UNREACHABLE", null);
        if (step === "not satisfied") await workflow.revisit(TEXTS.revisitedBy, id, version, "NOT_SATISFIED", TEXTS.complaint);
      }
      expect(await ledger(prisma, original.id), `story ${stories[index]} raised ${original.raisedAt.toISOString()}`).toEqual(
        await ledger(prisma, id),
      );
    }
    // The history has what a dashboard needs: closed, reopened, withdrawn and open cases at every tier.
    const statuses = new Set(generated.map((c) => `${c.status}:${c.tier}`));
    for (const expected of [
      "CLOSED:BLOCK",
      "CLOSED:DEPARTMENT",
      "WITHDRAWN:BLOCK",
      "RESOLVED:BLOCK",
      "OPEN:STREET",
      "ACCEPTED:DEPARTMENT",
    ]) {
      expect(statuses).toContain(expected);
    }
  });
});
