// Seeds the demo district's cases into an empty escalations database: a live sample walked through
// the real workflow, so those cases have a coherent ledger (clocks, events, revisits) and the
// dashboard shows a live chain, every state, every tier; before it, the district's history
// (scale.history) generated set-based (history.ts) with the roll-up triggers off, and the roll-ups
// rebuilt once.
import {
  casesOfBlock,
  createDemoDirectory,
  type DemoScale,
  DISTRICT,
  demoTree,
  householdsOfBlock,
} from "@grassroots/demo-district";
import type { Directory } from "@grassroots/directory";
import type { Logger } from "@grassroots/platform";
import { CASE_CATEGORIES } from "@grassroots/vocabulary";
import { localDate } from "./calendar/deadlines";
import { ensureCalendarYears } from "./calendar/years";
import { CaseWorkflow } from "./case/rules";
import { bulkLoadCases, generateCaseHistory } from "./history";
import type { EscalationsPrisma } from "./prisma";
import { rebuildCaseRollUps } from "./stats/roll-ups";

type Step = "accept" | "escalate" | "resolve" | "satisfied" | "not satisfied" | "withdraw";

/** Journeys through the chain; together they leave cases in every state and at every tier. */
const JOURNEYS: Step[][] = [
  [],
  ["accept"],
  ["escalate"],
  ["escalate", "accept"],
  ["escalate", "escalate"],
  ["escalate", "escalate", "escalate"],
  ["escalate", "escalate", "escalate", "accept"],
  ["accept", "resolve"],
  ["accept", "resolve", "satisfied"],
  ["accept", "resolve", "not satisfied"],
  ["withdraw"],
  ["escalate", "accept", "resolve", "satisfied"],
];

const HOUR = 3600_000;
/** Blocks whose demo cases are walked through the workflow (all 60 of the demo scale): a walk costs round trips per step. */
const LIVE_SAMPLE_BLOCKS = 60;
const CAPTURED_BY = "demo-block-member";
const REVISITED_BY = "demo-community-worker";

export function seedEscalations(scale: DemoScale) {
  return async (prisma: EscalationsPrisma, _database: unknown, logger: Logger) => {
    if ((await prisma.case.count()) > 0) return;
    const seededAt = Date.now();
    // The calendar of every year the history reaches, as the server would have written it at the time.
    const historyYears = scale.history.cases > 0 ? scale.history.years : 0;
    for (let year = historyYears; year > 0; year--) {
      await ensureCalendarYears(prisma, new Date(seededAt - year * 365 * 24 * HOUR));
    }
    await ensureCalendarYears(prisma, new Date(seededAt));
    const directory = createDemoDirectory(scale);
    if (scale.history.cases > 0) {
      const started = Date.now();
      const cases = await generateHistory(prisma, directory, scale, seededAt);
      const loaded = Date.now();
      const rollUps = await rebuildCaseRollUps(prisma);
      logger.info(
        { cases, rollUps, loadMs: loaded - started, rebuildMs: Date.now() - loaded },
        "generated the district's case history",
      );
    }
    // Last, usually when the other seeds are done: the walk waits on round trips, which a busy machine
    // makes slow, and its cases' roll-ups are kept by the triggers on top of the rebuilt history.
    await walkLiveSample(prisma, directory, scale, seededAt, logger);
  };
}

/** The demo cases of the first blocks, walked through the real workflow in one transaction. */
async function walkLiveSample(
  prisma: EscalationsPrisma,
  directory: Directory,
  scale: DemoScale,
  seededAt: number,
  logger: Logger,
) {
  let now = new Date(seededAt);
  const workflow = new CaseWorkflow(prisma, directory, { now: () => now });
  const { blocks } = demoTree(scale);
  const cases = blocks.slice(0, LIVE_SAMPLE_BLOCKS).flatMap((block) => casesOfBlock(block.code, scale));
  // One transaction for the whole ledger: a commit per transition made the first start slow.
  await prisma.$transaction(
    async (tx) => {
      for (const [index, demo] of cases.entries()) {
        const journey = JOURNEYS[index % JOURNEYS.length]!;
        const closes = journey.includes("satisfied");
        // Closed cases have a history of days; open ones were raised hours ago and are not yet overdue.
        now = new Date(seededAt - (closes ? (8 + (index % 10)) * 24 * HOUR : (3 + (index % 12)) * HOUR));
        const id = await workflow.raise(tx, CAPTURED_BY, {
          id: demo.id,
          blockCode: demo.blockCode,
          householdId: demo.householdId,
          visitId: null,
          channel: demo.channel,
          category: demo.category,
          description: demo.description,
        });
        let version = 1;
        for (const step of journey) {
          now = new Date(now.getTime() + (step === "resolve" && closes ? 3 * 24 * HOUR : HOUR / 2));
          if (step === "accept")
            await workflow.accept("demo-holder", id, version, new Date(localDate(now)), "We will visit and fix it.", {
              within: tx,
            });
          if (step === "escalate")
            await workflow.escalate("demo-holder", id, version, "Needs a decision above this tier.", { within: tx });
          if (step === "resolve")
            await workflow.resolve("demo-holder", id, version, "Repaired and checked with the resident.", { within: tx });
          if (step === "satisfied") await workflow.revisit(REVISITED_BY, id, version, "SATISFIED", null, { within: tx });
          if (step === "not satisfied")
            await workflow.revisit(REVISITED_BY, id, version, "NOT_SATISFIED", "Still leaking after rain.", { within: tx });
          if (step === "withdraw")
            await workflow.withdraw("demo-holder", id, version, "The resident sorted it out with the neighbour.", {
              within: tx,
            });
          version += 1;
        }
      }
    },
    { timeout: 600_000 },
  );
  logger.info({ cases: cases.length }, "seeded the demo district's cases through the workflow");
}

/**
 * The district's history (scale.history), generated set-based in one transaction. Bulk load:
 * triggers, foreign keys and indexes would cost per row; the roll-ups are rebuilt once instead.
 */
async function generateHistory(prisma: EscalationsPrisma, directory: Directory, scale: DemoScale, seededAt: number) {
  const { blocks } = demoTree(scale);
  const departments: Record<string, string> = {};
  for (const category of CASE_CATEGORIES) {
    const department = await directory.departmentFor(DISTRICT.code, category);
    if (department) departments[category] = department;
  }
  const households = blocks.flatMap((block) => householdsOfBlock(block.code, scale).households.map(({ id }) => id));
  return prisma.$transaction(
    (tx) =>
      bulkLoadCases(tx, () =>
        generateCaseHistory(tx, {
          now: new Date(seededAt),
          years: scale.history.years,
          cases: scale.history.cases,
          blocks: blocks.map((block) => block.code),
          households,
          perBlock: scale.householdsPerBlock,
          departments,
        }),
      ),
    { timeout: 600_000 },
  );
}
