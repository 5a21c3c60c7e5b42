// Every place lookup by code, whichever field or entity reference asks for it, becomes one
// `WHERE code IN (...)` per level.
import { type Level, levelOf } from "@grassroots/jurisdiction";
import { loaderByKey } from "@grassroots/platform";
import type { BlocksPrisma } from "../prisma";

export interface PlaceShape {
  code: string;
  name: string;
}

function byCode<Row extends { code: string }>(load: (codes: string[]) => Promise<Row[]>) {
  return loaderByKey(load, (row) => row.code);
}

export function createPlaceLoaders(prisma: BlocksPrisma) {
  return {
    district: byCode((codes) => prisma.district.findMany({ where: { code: { in: codes } } })),
    street: byCode((codes) => prisma.street.findMany({ where: { code: { in: codes } } })),
    community: byCode((codes) => prisma.community.findMany({ where: { code: { in: codes } } })),
    block: byCode((codes) => prisma.block.findMany({ where: { code: { in: codes } } })),
  };
}

/** The place a code names, through its level's loader; null for a malformed or unknown code. */
export function loadPlace(loaders: ReturnType<typeof createPlaceLoaders>, code: string): Promise<PlaceShape | null> {
  const level = levelOf(code);
  if (!level) return Promise.resolve(null);
  const loader: Record<Level, { load(code: string): Promise<PlaceShape | null> }> = {
    DISTRICT: loaders.district,
    STREET: loaders.street,
    COMMUNITY: loaders.community,
    BLOCK: loaders.block,
  };
  return loader[level].load(code);
}
