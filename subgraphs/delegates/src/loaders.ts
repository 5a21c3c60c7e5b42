// Per-request loaders: whatever many parents ask for at once (visits of 50 households, coverage of
// every place on a dashboard, the delegates of a page of visits) is one SQL statement.
import type { Access } from "@grassroots/access";
import { blockCodeSpan, ROLL_UP_PER_BLOCK } from "@grassroots/jurisdiction";
import { groupBy, loaderById, loaderByKey, loaderOfGroups } from "@grassroots/platform";
import DataLoader from "dataloader";
import type { CoveragePolicy } from "./coverage-policy";
import type { Delegate, DelegateRoom, RoomStaff, Visit, VisitFollowUp } from "./generated/prisma/client";
import { Prisma } from "./generated/prisma/client";
import type { DelegatesPrisma } from "./prisma";
import { placeRange, visitScope } from "./visit-access";

export interface VisitPage {
  visits: Visit[];
  hasNextPage: boolean;
}

/** Where a page of visits starts: after this visit in (occurredAt desc, id desc) order. */
export interface VisitCursor {
  occurredAt: Date;
  id: string;
}

export function createLoaders(prisma: DelegatesPrisma, access: Access, coverage: CoveragePolicy) {
  const room = loaderById<DelegateRoom>((ids) => prisma.delegateRoom.findMany({ where: { id: { in: ids } } }));
  const delegate = loaderById<Delegate>((ids) => prisma.delegate.findMany({ where: { id: { in: ids } } }));
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

  const staffOfAccount = loaderByKey<string, RoomStaff>(
    (subjects) => prisma.roomStaff.findMany({ where: { accountSubject: { in: subjects } } }),
    (row) => row.accountSubject ?? "",
  );

  // One loader per page shape: households asking for the same page share a statement. Only visits
  // within the viewer's place are listed (a room's staff see their place's visits of a household).
  const pages = new Map<string, DataLoader<string, VisitPage>>();
  function householdVisits(first: number, after: VisitCursor | null) {
    const key = `${first}:${after?.occurredAt.toISOString() ?? ""}:${after?.id ?? ""}`;
    let loader = pages.get(key);
    if (!loader) {
      loader = new DataLoader(async (householdIds) => {
        const scope = visitScope(access);
        if (scope === undefined) return householdIds.map(() => ({ visits: [], hasNextPage: false }));
        const range = scope === null ? null : placeRange(scope);
        const ids = await prisma.$queryRaw<{ id: string }[]>`
          SELECT id FROM (
            SELECT id, row_number() OVER (PARTITION BY household_id ORDER BY occurred_at DESC, id DESC) AS position
            FROM visit
            WHERE household_id = ANY(${[...householdIds]}::uuid[])
              AND (${range?.gte ?? null}::text IS NULL OR place_code BETWEEN ${range?.gte ?? null} AND ${range?.lte ?? null})
              AND (${after?.occurredAt ?? null}::timestamptz IS NULL
                OR (occurred_at, id) < (${after?.occurredAt ?? null}::timestamptz, ${after?.id ?? null}::uuid))
          ) ranked
          WHERE position <= ${first + 1}`;
        const visits = await prisma.visit.findMany({
          where: { id: { in: ids.map((row) => row.id) } },
          orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
        });
        const groups = groupBy(visits, (row) => row.householdId);
        return householdIds.map((id) => {
          const ofHousehold = groups.get(id) ?? [];
          return { visits: ofHousehold.slice(0, first), hasNextPage: ofHousehold.length > first };
        });
      });
      pages.set(key, loader);
    }
    return loader;
  }

  /**
   * Distinct households visited since the coverage window opened, under each place (any level),
   * in one statement: count per block over the span the places cover, then roll the blocks up to
   * each place by code range. A household visit always carries the household's block.
   */
  const visitedHouseholds = new DataLoader<string, number>(async (codes) => {
    const { from, to } = blockCodeSpan(codes);
    const rows = await prisma.$queryRaw<{ code: string; visited: number }[]>`
      WITH per_block AS (
        SELECT place_code AS block_code, count(DISTINCT household_id) AS visited FROM visit
        WHERE place_code BETWEEN ${from} AND ${to}
          AND household_id IS NOT NULL
          AND occurred_at >= ${coverage.since}
        GROUP BY place_code
      )
      SELECT place.code, coalesce(sum(per_block.visited), 0)::int AS visited
      FROM unnest(${[...codes]}::text[]) AS place(code)
      LEFT JOIN ${Prisma.raw(ROLL_UP_PER_BLOCK)} ON ancestor.code = place.code
      GROUP BY place.code`;
    const visited = new Map(rows.map((row) => [row.code, row.visited]));
    return codes.map((code) => visited.get(code) ?? 0);
  });

  return { room, delegate, visit, delegatesOfVisit, followUpsOfVisit, staffOfAccount, householdVisits, visitedHouseholds };
}
