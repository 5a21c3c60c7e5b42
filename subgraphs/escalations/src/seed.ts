// Seeds a few cases per block of the demo district into an empty escalations database.
import { casesOfBlock, type DemoScale, demoTree } from "@grassroots/demo-district";
import type { Logger } from "@grassroots/platform";
import type { EscalationsPrisma } from "./prisma";

export function seedEscalations(scale: DemoScale) {
  return async (prisma: EscalationsPrisma, _database: unknown, logger: Logger) => {
    if ((await prisma.case.count()) > 0) return;
    const cases = demoTree(scale).blocks.flatMap((block) => casesOfBlock(block.code, scale));
    for (let i = 0; i < cases.length; i += 1000) await prisma.case.createMany({ data: cases.slice(i, i + 1000) });
    logger.info({ cases: cases.length }, "seeded the demo district's cases");
  };
}
