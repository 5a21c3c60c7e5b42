// The escalations subgraph's definition: schema, database and per-request context. Serving it is
// main.ts's job; the demo seed is the "./seed" entry.
import { fileURLToPath } from "node:url";
import type { SubgraphDefinition } from "@grassroots/platform";
import { systemClock } from "./calendar/deadlines";
import { type Context, createContext, type Services } from "./context";
import { createPrisma, type EscalationsPrisma } from "./prisma";
import { schema } from "./schema";

export { type Clock, systemClock } from "./calendar/deadlines";
export { CaseWorkflow } from "./case/rules";
export { sweepOverdueCases } from "./sweeper/sweeper";
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
