import { fileURLToPath } from "node:url";
import type { SubgraphDefinition } from "@grassroots/platform";
import { type Context, createContext } from "./context";
import { createPrisma, type EscalationsPrisma } from "./prisma";
import { schema } from "./schema";

export { seedEscalations } from "./seed";
export type { EscalationsPrisma };

export const escalationsSubgraph: SubgraphDefinition<EscalationsPrisma, Context> = {
  name: "escalations",
  migrationsDir: fileURLToPath(new URL("../../../prisma/escalations/migrations", import.meta.url)),
  schema,
  createPrisma,
  createContext,
};
