import { fileURLToPath } from "node:url";
import type { SubgraphDefinition } from "@grassroots/platform";
import { type Context, createContext } from "./context";
import { createPrisma, type ResidentsPrisma } from "./prisma";
import { schema } from "./schema";

export { seedResidents } from "./seed";
export type { ResidentsPrisma };

export const residentsSubgraph: SubgraphDefinition<ResidentsPrisma, Context> = {
  name: "residents",
  migrationsDir: fileURLToPath(new URL("../../../prisma/residents/migrations", import.meta.url)),
  schema,
  createPrisma,
  createContext,
};
