// Batched look-ups of cases for one request, filtered to what the viewer may see.
import type { Access } from "@grassroots/access";
import { loaderById, loaderOfGroups } from "@grassroots/platform";
import type { Case } from "../generated/prisma/client";
import type { EscalationsPrisma } from "../prisma";
import { visibleCasesWhere } from "./access";
import { createDuplicateLoader } from "./duplicates";

export function createCaseLoaders(prisma: EscalationsPrisma, access: Access) {
  return {
    possibleDuplicates: createDuplicateLoader(prisma, access),
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
  };
}
