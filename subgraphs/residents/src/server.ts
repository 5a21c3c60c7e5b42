import { fileURLToPath } from "node:url";
import type { SubgraphDefinition } from "@grassroots/platform";
import { type Context, createContext } from "./context";
import { createPrisma, type ResidentsPrisma } from "./prisma";
import { schema } from "./schema";
import { DEFAULT_SETTINGS, type ResidentsSettings } from "./settings";

export { seedResidents } from "./seed";
export { type ResidentsSettings, settingsFromEnv } from "./settings";
export type { ResidentsPrisma };

/** The residents subgraph with these settings (main.ts reads them from the environment). */
export function createResidentsSubgraph(
  settings: ResidentsSettings = DEFAULT_SETTINGS,
): SubgraphDefinition<ResidentsPrisma, Context> {
  return {
    name: "residents",
    migrationsDir: fileURLToPath(new URL("../../../prisma/residents/migrations", import.meta.url)),
    schema,
    createPrisma,
    createContext: (prisma, claims) => createContext(prisma, claims, settings),
  };
}

export const residentsSubgraph = createResidentsSubgraph();
