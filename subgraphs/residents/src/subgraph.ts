// The residents subgraph's definition: schema, database and per-request context.
import { fileURLToPath } from "node:url";
import type { SubgraphDefinition } from "@grassroots/platform";
import { type Context, createContext } from "./context";
import { createPrisma, type ResidentsPrisma } from "./prisma";
import { residentsSchema } from "./schema";
import { DEFAULT_SETTINGS, type ResidentsSettings } from "./settings";

export { residentsSchema } from "./schema";
export { type ResidentsSettings, settingsFromEnv } from "./settings";
export type { ResidentsPrisma };

export interface ResidentsOptions {
  /** Deployment settings (main.ts reads them from the environment); the defaults otherwise. */
  settings?: ResidentsSettings;
}

export function createResidentsSubgraph(options: ResidentsOptions = {}): SubgraphDefinition<ResidentsPrisma, Context> {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  return {
    name: "residents",
    migrationsDir: fileURLToPath(new URL("../../../prisma/residents/migrations", import.meta.url)),
    schema: residentsSchema,
    createPrisma,
    createContext: (prisma, claims) => createContext(prisma, claims, settings),
  };
}
