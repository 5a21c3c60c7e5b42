// Per-request loaders: every place lookup by code, whichever field or entity reference asks for
// it, becomes one `WHERE code IN (...)` per level.
import { loaderById, loaderByKey } from "@grassroots/platform";
import type { BlocksPrisma } from "./prisma";

function byCode<Row extends { code: string }>(load: (codes: string[]) => Promise<Row[]>) {
  return loaderByKey(load, (row) => row.code);
}

export function createLoaders(prisma: BlocksPrisma) {
  return {
    district: byCode((codes) => prisma.district.findMany({ where: { code: { in: codes } } })),
    street: byCode((codes) => prisma.street.findMany({ where: { code: { in: codes } } })),
    community: byCode((codes) => prisma.community.findMany({ where: { code: { in: codes } } })),
    block: byCode((codes) => prisma.block.findMany({ where: { code: { in: codes } } })),
    department: loaderById((ids) => prisma.department.findMany({ where: { id: { in: ids } } })),
  };
}
