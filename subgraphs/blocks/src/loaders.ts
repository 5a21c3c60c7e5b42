// Per-request loaders: every place lookup by code, whichever field or entity reference asks for
// it, becomes one `WHERE code IN (...)` per level.
import DataLoader from "dataloader";
import type { BlocksPrisma } from "./prisma";

function byCode<Row extends { code: string }>(load: (codes: string[]) => Promise<Row[]>) {
  return new DataLoader<string, Row | null>(async (codes) => {
    const rows = new Map((await load([...codes])).map((row) => [row.code, row]));
    return codes.map((code) => rows.get(code) ?? null);
  });
}

export function createLoaders(prisma: BlocksPrisma) {
  return {
    district: byCode((codes) => prisma.district.findMany({ where: { code: { in: codes } } })),
    street: byCode((codes) => prisma.street.findMany({ where: { code: { in: codes } } })),
    community: byCode((codes) => prisma.community.findMany({ where: { code: { in: codes } } })),
    block: byCode((codes) => prisma.block.findMany({ where: { code: { in: codes } } })),
    department: new DataLoader<string, Awaited<ReturnType<typeof prisma.department.findUnique>>>(async (ids) => {
      const rows = new Map((await prisma.department.findMany({ where: { id: { in: [...ids] } } })).map((row) => [row.id, row]));
      return ids.map((id) => rows.get(id) ?? null);
    }),
  };
}
