import { fileURLToPath } from "node:url";
import type { Directory } from "@grassroots/directory";
import type { SubgraphDefinition } from "@grassroots/platform";
import { type Context, createContext } from "./context";
import { createPrisma, type DelegatesPrisma } from "./prisma";
import { schema } from "./schema";

export { seedDelegates } from "./seed";
export type { DelegatesPrisma };

export const delegatesSchema = schema;

/** The delegates subgraph, given where it checks that places and households exist. */
export function createDelegatesSubgraph(services: { directory: Directory }): SubgraphDefinition<DelegatesPrisma, Context> {
  return {
    name: "delegates",
    migrationsDir: fileURLToPath(new URL("../../../prisma/delegates/migrations", import.meta.url)),
    schema,
    createPrisma,
    createContext: (prisma, claims) => createContext(prisma, claims, services.directory),
  };
}
