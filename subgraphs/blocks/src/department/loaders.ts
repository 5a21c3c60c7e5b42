import { loaderById } from "@grassroots/platform";
import type { BlocksPrisma } from "../prisma";

export function createDepartmentLoaders(prisma: BlocksPrisma) {
  return {
    department: loaderById((ids) => prisma.department.findMany({ where: { id: { in: ids } } })),
  };
}
