import { type Access, accessFromClaims } from "@grassroots/access";
import type { Directory } from "@grassroots/directory";
import DataLoader from "dataloader";
import { visibleCasesWhere } from "./case-access";
import type { Case } from "./generated/prisma/client";
import type { EscalationsPrisma } from "./prisma";
import { createStatsLoaders } from "./stats";
import { CaseWorkflow, type Clock } from "./workflow";

export interface Services {
  directory: Directory;
  clock: Clock;
}

export interface Context {
  prisma: EscalationsPrisma;
  loaders: ReturnType<typeof createLoaders>;
  access: Access;
  authenticated: boolean;
  workflow: CaseWorkflow;
  clock: Clock;
  /** Cases this request acted on: their mutation results stay visible to the actor. */
  actedOn: Set<string>;
}

function createLoaders(prisma: EscalationsPrisma, clock: Clock, access: Access) {
  return {
    case: new DataLoader<string, Case | null>(async (ids) => {
      const rows = new Map((await prisma.case.findMany({ where: { id: { in: [...ids] } } })).map((row) => [row.id, row]));
      return ids.map((id) => rows.get(id) ?? null);
    }),
    /** Cases of each household the viewer may see (filtered in SQL), newest first, for Household.cases. */
    casesOfHousehold: new DataLoader<string, Case[]>(async (householdIds) => {
      const rows = await prisma.case.findMany({
        where: { AND: [{ householdId: { in: [...householdIds] } }, visibleCasesWhere(access)] },
        orderBy: [{ raisedAt: "desc" }, { id: "desc" }],
      });
      return householdIds.map((id) => rows.filter((row) => row.householdId === id));
    }),
    /** Cases raised from each visit, for Visit.cases. */
    casesOfVisit: new DataLoader<string, Case[]>(async (visitIds) => {
      const rows = await prisma.case.findMany({
        where: { AND: [{ visitId: { in: [...visitIds] } }, visibleCasesWhere(access)] },
        orderBy: [{ raisedAt: "asc" }, { id: "asc" }],
      });
      return visitIds.map((id) => rows.filter((row) => row.visitId === id));
    }),
    stats: createStatsLoaders(prisma, () => clock.now()),
  };
}

export function createContext(prisma: EscalationsPrisma, claims: unknown, services: Services): Context {
  const access = accessFromClaims(claims);
  return {
    prisma,
    loaders: createLoaders(prisma, services.clock, access),
    access,
    authenticated: access.authenticated,
    workflow: new CaseWorkflow(prisma, services.directory, services.clock),
    clock: services.clock,
    actedOn: new Set(),
  };
}
