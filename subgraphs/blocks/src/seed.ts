// Seeds the demo district's tree, teams and departments into an empty blocks database.
import { type DemoScale, demoTree, teamOfBlock } from "@grassroots/demo-district";
import type { Logger } from "@grassroots/platform";
import { DEPARTMENTS, departmentId } from "@grassroots/vocabulary";
import type { BlocksPrisma } from "./prisma";

export function seedBlocks(scale: DemoScale) {
  return async (prisma: BlocksPrisma, _database: unknown, logger: Logger) => {
    if ((await prisma.district.count()) > 0) return;
    const tree = demoTree(scale);
    await prisma.$transaction(
      async (tx) => {
        await tx.district.create({ data: tree.district });
        await tx.street.createMany({ data: tree.streets });
        await tx.community.createMany({ data: tree.communities });
        for (let i = 0; i < tree.blocks.length; i += 1000) {
          const blocks = tree.blocks.slice(i, i + 1000);
          await tx.block.createMany({ data: blocks });
          await tx.teamMember.createMany({ data: blocks.flatMap((block) => teamOfBlock(block.code, scale)) });
        }
        for (const department of DEPARTMENTS) {
          const id = departmentId(tree.district.code, department.key);
          await tx.department.create({ data: { id, name: department.name, districtCode: tree.district.code } });
          await tx.departmentCategory.createMany({
            data: department.categories.map((category) => ({ districtCode: tree.district.code, category, departmentId: id })),
          });
        }
        // The benchmark district takes longer than Prisma's default 5 s on a busy machine.
      },
      { timeout: 600_000, maxWait: 60_000 },
    );
    logger.info(
      { streets: tree.streets.length, communities: tree.communities.length, blocks: tree.blocks.length },
      "seeded the demo district's tree",
    );
  };
}
