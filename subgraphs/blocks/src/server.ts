import { fileURLToPath } from "node:url";
import type { SubgraphDefinition } from "@grassroots/platform";
import { type Context, createContext } from "./context";
import { type BlocksPrisma, createPrisma } from "./prisma";
import { schema } from "./schema";

export { seedBlocks } from "./seed";
export type { BlocksPrisma };

export const blocksSubgraph: SubgraphDefinition<BlocksPrisma, Context> = {
  name: "blocks",
  migrationsDir: fileURLToPath(new URL("../../../prisma/blocks/migrations", import.meta.url)),
  schema,
  createPrisma,
  createContext,
};
