// The demo district's directory: what the blocks and residents subgraphs would answer about it,
// from the same generator that seeds them. For seeding and for tests of one subgraph alone.
import type { Directory } from "@grassroots/directory";
import { DEPARTMENTS, departmentId } from "@grassroots/vocabulary";
import { type DemoScale, demoTree, householdsOfBlock, roomIdOf } from "./index";

/** The demo district's directory, from the same generator that seeds the other subgraphs. */
export function createDemoDirectory(scale: DemoScale): Directory {
  const tree = demoTree(scale);
  let households: Map<string, string> | null = null;
  const places = new Set([tree.district.code, ...[...tree.streets, ...tree.communities, ...tree.blocks].map(({ code }) => code)]);
  const routes = new Map(
    DEPARTMENTS.flatMap((department) =>
      department.categories.map((category) => [category as string, departmentId(tree.district.code, department.key)] as const),
    ),
  );
  const roomPlaces = new Map(tree.communities.map((community) => [roomIdOf(community.code), community.code]));
  return {
    placeExists: async (code) => places.has(code),
    roomPlace: async (roomId) => roomPlaces.get(roomId) ?? null,
    departmentExists: async (id) => [...routes.values()].includes(id),
    householdBlock: async (householdId) => {
      households ??= new Map(
        tree.blocks.flatMap((block) => householdsOfBlock(block.code, scale).households.map((h) => [h.id, block.code] as const)),
      );
      return households.get(householdId) ?? null;
    },
    departmentFor: async (districtCode, category) =>
      districtCode === tree.district.code ? (routes.get(category) ?? null) : null,
  };
}
