import { fileURLToPath } from "node:url";
import type { SubgraphDefinition } from "@grassroots/platform";
import { type Context, createContext } from "./context";
import { type OpenDataOptions, OpenDataPublisher } from "./open-data/publisher";
import { type BlocksPrisma, createPrisma } from "./prisma";
import { blocksSchema } from "./schema";

export type { OpenDataSources } from "./open-data/figures";
export type { BlocksPrisma, Context as BlocksContext, OpenDataOptions };
export { blocksSchema };

export interface BlocksSubgraphOptions {
  /** Where openData's counts come from (the other subgraphs); without them it is not published. */
  openData?: OpenDataOptions;
  /** The clock deciding which quarters have ended; default the system's. */
  now?: () => Date;
}

export function createBlocksSubgraph(options: BlocksSubgraphOptions = {}): SubgraphDefinition<BlocksPrisma, Context> {
  const services = { openData: new OpenDataPublisher(options.openData ?? {}), now: options.now ?? (() => new Date()) };
  return {
    name: "blocks",
    migrationsDir: fileURLToPath(new URL("../../../prisma/blocks/migrations", import.meta.url)),
    schema: blocksSchema,
    createPrisma,
    createContext: (prisma, claims, request) => createContext(prisma, claims, services, request.reads),
  };
}
