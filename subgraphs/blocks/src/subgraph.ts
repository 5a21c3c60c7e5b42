import { fileURLToPath } from "node:url";
import type { SubgraphDefinition } from "@grassroots/platform";
import { type Context, createContext } from "./context";
import { type BlocksPrisma, createPrisma } from "./prisma";
import { blocksSchema } from "./schema";

export type { BlocksPrisma, Context as BlocksContext };
export { blocksSchema };

/** Nothing to configure yet: the blocks subgraph asks no other service. */
export type BlocksSubgraphOptions = Record<string, never>;

export function createBlocksSubgraph(_options: BlocksSubgraphOptions = {}): SubgraphDefinition<BlocksPrisma, Context> {
  return {
    name: "blocks",
    migrationsDir: fileURLToPath(new URL("../../../prisma/blocks/migrations", import.meta.url)),
    schema: blocksSchema,
    createPrisma,
    createContext,
  };
}
