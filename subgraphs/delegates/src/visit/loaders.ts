// Visits, the delegates present and follow-ups of many visits at once, and pages of many
// households' visits in one statement per page shape.
import type { Access } from "@grassroots/access";
import { badUserInput, groupBy, isUuid, loaderById, loaderOfGroups, type PageWindow } from "@grassroots/platform";
import DataLoader from "dataloader";
import type { Delegate, Visit, VisitFollowUp } from "../generated/prisma/client";
import { Prisma } from "../generated/prisma/client";
import type { DelegatesPrisma } from "../prisma";
import { placeRange, visitScope } from "./access";

/** A position in the (occurredAt desc, id desc) order that visits are listed in. */
export interface VisitKey {
  occurredAt: Date;
  id: string;
}

/** A visit's cursor value: its place in the listing order. */
export const keyOfVisit = (visit: Visit) => `${visit.occurredAt.toISOString()}|${visit.id}`;

/** A decoded cursor value as a key; `argument` names the argument it came in (after, before). */
export function parseVisitKey(value: string | null, argument: string): VisitKey | null {
  if (value === null) return null;
  const [at, id] = value.split("|");
  const occurredAt = new Date(at ?? "");
  if (Number.isNaN(occurredAt.getTime()) || !id || !isUuid(id)) {
    throw badUserInput(`"${argument}" is not a cursor this API returned.`, { field: argument });
  }
  return { occurredAt, id };
}

export function visitLoaders(prisma: DelegatesPrisma, access: Access) {
  const visit = loaderById<Visit>((ids) => prisma.visit.findMany({ where: { id: { in: ids } } }));

  const delegatesOfVisit = new DataLoader<string, Delegate[]>(async (visitIds) => {
    const rows = await prisma.visitDelegate.findMany({
      where: { visitId: { in: [...visitIds] } },
      include: { delegate: true },
      orderBy: [{ delegate: { name: "asc" } }, { delegateId: "asc" }],
    });
    const groups = groupBy(rows, (row) => row.visitId);
    return visitIds.map((id) => (groups.get(id) ?? []).map((row) => row.delegate));
  });

  const followUpsOfVisit = loaderOfGroups<string, VisitFollowUp>(
    (visitIds) =>
      prisma.visitFollowUp.findMany({
        where: { visitId: { in: visitIds } },
        orderBy: [{ recordedAt: "asc" }, { caseId: "asc" }],
      }),
    (row) => row.visitId,
  );

  // One loader per page window: households asking for the same page share a statement. Only visits
  // within the viewer's place are listed (a room's staff see their place's visits of a household).
  const pages = new Map<string, DataLoader<string, Visit[]>>();
  function householdVisits(window: PageWindow) {
    const key = JSON.stringify(window);
    let loader = pages.get(key);
    if (!loader) {
      const after = parseVisitKey(window.after, "after");
      const before = parseVisitKey(window.before, "before");
      // Newest first; from the end (`last`), oldest first and the connection turns the page round.
      const order = Prisma.raw(window.inverted ? "ASC" : "DESC");
      loader = new DataLoader(async (householdIds) => {
        const scope = visitScope(access);
        if (scope === undefined) return householdIds.map(() => []);
        const range = scope === null ? null : placeRange(scope);
        const ids = await prisma.$queryRaw<{ id: string }[]>`
          SELECT id FROM (
            SELECT id, row_number() OVER (PARTITION BY household_id ORDER BY occurred_at ${order}, id ${order}) AS position
            FROM visit
            WHERE household_id = ANY(${[...householdIds]}::uuid[])
              AND (${range?.gte ?? null}::text IS NULL OR place_code BETWEEN ${range?.gte ?? null} AND ${range?.lte ?? null})
              AND (${after?.occurredAt ?? null}::timestamptz IS NULL
                OR (occurred_at, id) < (${after?.occurredAt ?? null}::timestamptz, ${after?.id ?? null}::uuid))
              AND (${before?.occurredAt ?? null}::timestamptz IS NULL
                OR (occurred_at, id) > (${before?.occurredAt ?? null}::timestamptz, ${before?.id ?? null}::uuid))
          ) ranked
          WHERE position <= ${window.limit}`;
        const direction = window.inverted ? "asc" : "desc";
        const visits = await prisma.visit.findMany({
          where: { id: { in: ids.map((row) => row.id) } },
          orderBy: [{ occurredAt: direction }, { id: direction }],
        });
        const groups = groupBy(visits, (row) => row.householdId);
        return householdIds.map((id) => groups.get(id) ?? []);
      });
      pages.set(key, loader);
    }
    return loader;
  }

  return { visit, delegatesOfVisit, followUpsOfVisit, householdVisits };
}
