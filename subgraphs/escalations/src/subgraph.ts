// The escalations subgraph's definition: schema, database and per-request context. Serving it is
// main.ts's job; the demo seed is the "./seed" entry.
import { fileURLToPath } from "node:url";
import type { SubgraphDefinition } from "@grassroots/platform";
import { systemClock } from "./calendar/deadlines";
import { calendarHealth } from "./calendar/years";
import { type Context, createContext, type Services } from "./context";
import { createPrisma, type EscalationsPrisma } from "./prisma";
import { schema } from "./schema";
import { rebuildCaseRollUps } from "./stats/roll-ups";

export { type Clock, systemClock } from "./calendar/deadlines";
export { calendarHealth, calendarYears, ensureCalendarYears, importArrangement } from "./calendar/years";
export { CaseWorkflow } from "./case/rules";
export { remindDeadlines } from "./notification/reminders";
export { notificationRetentionDays, pruneNotifications, retentionCutoff } from "./notification/retention";
export { rebuildCaseRollUps } from "./stats/roll-ups";
export { sweepOverdueCases } from "./sweeper/sweeper";
export type { EscalationsPrisma };

export const escalationsSchema = schema;

const migrationsDir = fileURLToPath(new URL("../../../prisma/escalations/migrations", import.meta.url));

/** The database alone (migrations and client), for scripts that need no directory: `npm run calendar`. */
export const escalationsDatabase = { migrationsDir, createPrisma };

/** The escalations subgraph, given where it learns about places and departments, and its clock. */
export function createEscalationsSubgraph(
  services: Pick<Services, "directory"> & Partial<Services>,
): SubgraphDefinition<EscalationsPrisma, Context> {
  const resolved: Services = { directory: services.directory, clock: services.clock ?? systemClock };
  return {
    name: "escalations",
    migrationsDir,
    schema,
    createPrisma,
    createContext: (prisma, claims, request) => createContext(prisma, claims, resolved, request.reads),
    // From November, a warning while next year has no official calendar.
    health: (prisma) => calendarHealth(prisma, resolved.clock.now()),
    rebuildRollUps: rebuildCaseRollUps,
  };
}
