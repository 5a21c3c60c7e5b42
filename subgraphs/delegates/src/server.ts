import { fileURLToPath } from "node:url";
import type { SubgraphDefinition } from "@grassroots/platform";
import { type Context, createContext } from "./context";
import { createPrisma, type DelegatesPrisma } from "./prisma";
import { schema } from "./schema";

export { seedDelegates } from "./seed";
export type { DelegatesPrisma };

export const delegatesSubgraph: SubgraphDefinition<DelegatesPrisma, Context> = {
  name: "delegates",
  migrationsDir: fileURLToPath(new URL("../../../prisma/delegates/migrations", import.meta.url)),
  schema,
  createPrisma,
  createContext,
};
