import { fileURLToPath } from "node:url";
import type { SubgraphDefinition } from "@grassroots/platform";
import { type Context, createContext, type Services } from "./context";
import { createPrisma, type EscalationsPrisma } from "./prisma";
import { schema } from "./schema";
import { systemClock } from "./workflow";

export { createRemoteDirectory, type Directory } from "@grassroots/directory";
export { seedEscalations } from "./seed";
export { sweepOverdueCases } from "./sweeper";
export { type Clock, systemClock } from "./workflow";
export type { EscalationsPrisma };

export const escalationsSchema = schema;

/** The escalations subgraph, given where it learns about places and departments, and its clock. */
export function createEscalationsSubgraph(
  services: Pick<Services, "directory"> & Partial<Services>,
): SubgraphDefinition<EscalationsPrisma, Context> {
  const resolved: Services = { directory: services.directory, clock: services.clock ?? systemClock };
  return {
    name: "escalations",
    migrationsDir: fileURLToPath(new URL("../../../prisma/escalations/migrations", import.meta.url)),
    schema,
    createPrisma,
    createContext: (prisma, claims) => createContext(prisma, claims, resolved),
  };
}
