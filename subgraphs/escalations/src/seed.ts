// Seeds a few cases per block of the demo district into an empty escalations database.
import { CASE_CATEGORIES, type DemoScale, demoTree, householdsOfBlock, Random } from "@grassroots/demo-district";
import type { Logger } from "@grassroots/platform";
import type { EscalationsPrisma } from "./prisma";

const TIERS = ["BLOCK", "COMMUNITY", "STREET", "DEPARTMENT"] as const;
const STATUSES = ["OPEN", "ACCEPTED", "RESOLVED", "CLOSED"] as const;

export function seedEscalations(scale: DemoScale) {
  return async (prisma: EscalationsPrisma, _database: unknown, logger: Logger) => {
    if ((await prisma.case.count()) > 0) return;
    const { blocks } = demoTree(scale);
    const cases = blocks.flatMap((block) => {
      const random = new Random(`cases:${block.code}`);
      const { households } = householdsOfBlock(block.code, scale);
      return Array.from({ length: 2 }, () => ({
        id: random.uuid(),
        householdId: random.pick(households).id,
        blockCode: block.code,
        category: random.pick(CASE_CATEGORIES),
        description: "Recorded from the resident's visit; see the ledger entry.",
        tier: random.pick(TIERS),
        status: random.pick(STATUSES),
        raisedAt: new Date(Date.UTC(2026, 9, random.int(1, 28))),
      }));
    });
    for (let i = 0; i < cases.length; i += 1000) await prisma.case.createMany({ data: cases.slice(i, i + 1000) });
    logger.info({ cases: cases.length }, "seeded the demo district's cases");
  };
}
