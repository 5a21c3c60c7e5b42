import { type Access, accessFromClaims } from "@grassroots/access";
import type { Directory } from "@grassroots/directory";
import { loaderById, loaderOfGroups } from "@grassroots/platform";
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
    case: loaderById<Case>((ids) => prisma.case.findMany({ where: { id: { in: ids } } })),
    /** Cases of each household the viewer may see (filtered in SQL), newest first, for Household.cases. */
    casesOfHousehold: loaderOfGroups<string, Case>(
      (householdIds) =>
        prisma.case.findMany({
          where: { AND: [{ householdId: { in: householdIds } }, visibleCasesWhere(access)] },
          orderBy: [{ raisedAt: "desc" }, { id: "desc" }],
        }),
      (row) => row.householdId ?? "",
    ),
    /** Cases raised from each visit, for Visit.cases. */
    casesOfVisit: loaderOfGroups<string, Case>(
      (visitIds) =>
        prisma.case.findMany({
          where: { AND: [{ visitId: { in: visitIds } }, visibleCasesWhere(access)] },
          orderBy: [{ raisedAt: "asc" }, { id: "asc" }],
        }),
      (row) => row.visitId ?? "",
    ),
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
